package io.creditwatch.metrics;

import io.creditwatch.metrics.monitoring.MonitoringCycle;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cycles driven by hand over a store filled directly: what is published, and what is absent
 * while there is too little data behind it.
 */
@AutoConfigureObservability
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exporter.model-path=../models/default", "exporter.cycle-interval=1h", "exporter.min-labels=10",
        "exporter.min-drift-rows=500", "spring.datasource.url=jdbc:sqlite:target/test-stores/cycle-${random.uuid}.db"})
class MonitoringCycleTests {

    // The fixture of QualityReportTests, worked by hand: accuracy 0.7, precision 0.6, recall 0.75,
    // F1 2/3, AUC 0.875, Gini 0.75, KS 2/3.
    private static final double[] PROBABILITIES = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05};
    private static final int[] ACTUAL = {1, 1, 0, 1, 0, 1, 0, 0, 0, 0};

    @LocalServerPort
    int port;

    @Autowired
    MonitoringCycle cycle;

    @Autowired
    PredictionStore store;

    @Autowired
    MeterRegistry registry;

    @Test
    void publishesOnlyWhatTheDataSupportsThenEverything() throws Exception {
        ExporterClient client = new ExporterClient(port);
        cycle.run();

        assertThat(client.metric("ml_model_accuracy", "source=\"holdout\"")).hasValue(
                ModelBundle.readCard(Path.of("../models/default")).holdoutAtCutOff().accuracy());
        assertThat(client.metric("ml_model_accuracy", "source=\"live\"")).isEmpty();
        assertThat(client.metric("ml_data_drift_score", "")).isEmpty();
        assertThat(client.metric("ml_data_quality_missing_values_percent", "")).isEmpty();
        assertThat(client.metric("system_cpu_usage_percent", "")).isPresent();
        assertThat(client.metric("system_memory_usage_percent", "").orElseThrow()).isBetween(0.0, 100.0);
        assertThat(client.metric("system_disk_usage_percent", "").orElseThrow()).isBetween(0.0, 100.0);
        assertThat(client.metric("ml_service_uptime_seconds", "").orElseThrow()).isPositive();
        assertThat(client.metric("ml_exporter_store_up", "")).hasValue(1);

        List<CapturedPrediction> fixture = fixturePredictions();
        store.insertPredictions(fixture);
        List<OutcomeSubmission> labels = new ArrayList<>();
        for (int i = 0; i < fixture.size(); i++) {
            labels.add(new OutcomeSubmission(fixture.get(i).predictionId(), ACTUAL[i]));
        }
        store.insertOutcomes(labels, 1);
        labels.clear();
        for (int i = 0; i < fixture.size(); i++) {
            labels.add(new OutcomeSubmission(fixture.get(i).predictionId(), 1 - ACTUAL[i]));
        }
        assertThat(store.insertOutcomes(labels, 2)).as("a final outcome stays final").containsOnly(false);
        store.insertPredictions(generatedPredictions(600));
        cycle.run();

        assertThat(client.metric("ml_model_accuracy", "source=\"live\"")).hasValue(0.7);
        assertThat(client.metric("ml_model_precision", "source=\"live\"")).hasValue(0.6);
        assertThat(client.metric("ml_model_recall", "source=\"live\"")).hasValue(0.75);
        assertThat(client.metric("ml_model_f1_score", "source=\"live\"").orElseThrow()).isCloseTo(2.0 / 3,
                within(1e-9));
        assertThat(client.metric("ml_model_auc_roc", "source=\"live\"")).hasValue(0.875);
        assertThat(client.metric("ml_model_gini", "source=\"live\"")).hasValue(0.75);
        assertThat(client.metric("ml_model_ks", "source=\"live\"").orElseThrow()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(client.metric("ml_model_labelled_predictions", "source=\"live\"")).hasValue(10);
        assertThat(client.metric("ml_drift_window_predictions", "")).hasValue(610);
        assertThat(client.metric("ml_data_drift_score", "").orElseThrow()).isPositive();
        assertThat(client.metric("ml_feature_psi", "feature=\"age\"")).isPresent();
        assertThat(client.metric("ml_prediction_score_psi", "")).isPresent();
        assertThat(client.metric("ml_data_quality_missing_values_percent", "").orElseThrow()).isBetween(1.0, 4.0);
        assertThat(client.metric("ml_feature_missing_values_percent", "feature=\"MonthlyIncome\"").orElseThrow())
                .isBetween(12.0, 28.0);
        assertThat(
                client.metric("ml_feature_missing_values_reference_percent", "feature=\"MonthlyIncome\"").orElseThrow())
                .isCloseTo(19.8, within(1.0));
        assertThat(client.metric("ml_data_quality_outliers_percent", "")).isPresent();
        assertThat(client.metric("ml_feature_out_of_domain_values", "feature=\"age\"")).isPresent();
        assertThat(client.metric("ml_exporter_rows_processed_total", "kind=\"predictions\"")).hasValue(610);
        assertThat(client.metric("ml_exporter_rows_processed_total", "kind=\"labels\"")).hasValue(10);
        assertThat(client.metric("ml_exporter_last_success_timestamp_seconds", "").orElseThrow())
                .isCloseTo(System.currentTimeMillis() / 1000.0, within(60.0));
        assertThat(client.get("/health").statusCode()).isEqualTo(200);

        Gauge drift = registry.find("ml.data.drift.score").gauge();
        Gauge accuracy = registry.find("ml.model.accuracy").tag("source", "live").gauge();
        cycle.run();
        assertThat(client.metric("ml_exporter_rows_processed_total", "kind=\"predictions\"")).hasValue(610);
        assertThat(registry.find("ml.data.drift.score").gauge()).as("updated in place, never re-registered")
                .isSameAs(drift);
        assertThat(registry.find("ml.model.accuracy").tag("source", "live").gauge()).isSameAs(accuracy);
    }

    private static List<CapturedPrediction> fixturePredictions() {
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < PROBABILITIES.length; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "fixture", 1, "1.0.0",
                    new double[]{0.3, 50, 0, 0.3, 5000, 8, 0, 1, 0, 1}, PROBABILITIES[i],
                    PROBABILITIES[i] >= 0.5 ? 1 : 0,
                    600, "low"));
        }
        return predictions;
    }

    static List<CapturedPrediction> generatedPredictions(int count) throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        List<CreditRecord> records = new SyntheticCreditGenerator(3).generate(count);
        double[] probabilities = bundle.scorer()
                .probabilities(records.stream().map(CreditRecord::features).toArray(double[][]::new));
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "generated", 1, "1.0.0",
                    records.get(i).features(), probabilities[i], probabilities[i] >= 0.5 ? 1 : 0, 600, "low"));
        }
        return predictions;
    }
}

package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The exporter monitors the model version of the bundle at MODEL_PATH and nothing else: rows of
 * another version, and labels of that version's predictions, are counted and reported, never
 * mixed into its figures; and when a new version is written at MODEL_PATH (the service's hot
 * reload), the exporter follows it at its next cycle without a restart.
 */
class ModelVersionsTests {

    private static final String MODEL = "../models/default";
    private static CreditScorer scorer;
    private static String version;

    @TempDir
    Path work;

    @BeforeAll
    static void readModel() throws IOException {
        ModelBundle bundle = ModelBundle.read(Path.of(MODEL));
        scorer = bundle.scorer();
        version = bundle.card().modelVersion();
    }

    /**
     * As an attacker tried it: 1,000 predictions of a version 2.0.0 whose labels contradict every
     * decision, beside 2,000 of the monitored version with their own outcomes. Blended in, they
     * would take a third of the live accuracy; here the live figures are those of the monitored
     * version's rows alone.
     */
    @Test
    void labelsOfAnotherVersionsPredictionsAreCountedAndNeverMixedIn() throws Exception {
        PredictionStore store = ScenarioStores.newStore(work);
        List<CreditRecord> records = new SyntheticCreditGenerator(51).generate(3_000);
        double[] pds = scorer.probabilities(ModelTrainer.featureRows(records));
        List<CapturedPrediction> predictions = new ArrayList<>();
        List<OutcomeSubmission> labels = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            boolean other = i % 3 == 2;
            int predicted = pds[i] >= 0.5 ? 1 : 0;
            String id = UUID.randomUUID().toString();
            predictions.add(new CapturedPrediction(id, "versions", i, other ? "2.0.0" : version,
                    records.get(i).features(), pds[i], predicted, 600, "low"));
            labels.add(new OutcomeSubmission(id, other ? 1 - predicted : records.get(i).label()));
        }
        store.insertPredictions(predictions);
        store.insertOutcomes(labels, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MonitoringCycle cycle = new MonitoringCycle(ScenarioStores.defaults(MODEL, 5_000), store,
                new ExporterMetrics(registry));

        cycle.run();

        double[] ownPds = new double[2_000];
        int[] ownPredicted = new int[2_000];
        int[] ownActual = new int[2_000];
        for (int i = 0, k = 0; i < records.size(); i++) {
            if (i % 3 != 2) {
                ownPds[k] = pds[i];
                ownPredicted[k] = pds[i] >= 0.5 ? 1 : 0;
                ownActual[k++] = records.get(i).label();
            }
        }
        QualityReport own = QualityReport.of(ownPds, ownPredicted, ownActual);
        assertThat(live(registry, "ml.model.accuracy")).isCloseTo(own.accuracy(), within(1e-12));
        assertThat(live(registry, "ml.model.auc.roc")).isCloseTo(own.aucRoc(), within(1e-12));
        assertThat(registry.get("ml.drift.window.predictions").gauge().value()).isEqualTo(2_000);
        assertThat(unmonitored(registry, "predictions")).isEqualTo(1_000);
        assertThat(unmonitored(registry, "labels")).isEqualTo(1_000);
        assertThat(cycle.health().getDetails().get("unmonitored_model_versions"))
                .isEqualTo(Map.of("2.0.0", Map.of("predictions", 1_000L, "labels", 1_000L)));
    }

    /**
     * A new version written at MODEL_PATH is monitored from its own bundle at the next cycle, while
     * the previous version keeps its own gauges until its predictions have left the drift window
     * (10,000 here); then its gauges are removed, and its later rows counted as another version's.
     */
    @Test
    void aNewVersionWrittenAtModelPathIsFollowedAndThePreviousOneAgesOut() throws Exception {
        Path bundle = work.resolve("bundle");
        Files.createDirectories(bundle);
        try (Stream<Path> files = Files.list(Path.of(MODEL))) {
            for (Path file : files.toList()) {
                Files.copy(file, bundle.resolve(file.getFileName()));
            }
        }
        PredictionStore store = ScenarioStores.newStore(work);
        store.insertPredictions(predictions(version, 1_000, 61));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MonitoringCycle cycle = new MonitoringCycle(ScenarioStores.defaults(bundle.toString(), 5_000), store,
                new ExporterMetrics(registry));
        cycle.run();
        assertThat(driftWindow(registry, version)).isEqualTo(1_000);

        Path card = bundle.resolve(ModelBundle.CARD_FILE);
        String text = Files.readString(card);
        assertThat(text).contains("\"model_version\" : \"" + version + "\"");
        Files.writeString(card,
                text.replace("\"model_version\" : \"" + version + "\"", "\"model_version\" : \"2.0.0\""));
        Files.setLastModifiedTime(card, FileTime.fromMillis(Files.getLastModifiedTime(card).toMillis() + 2_000));
        store.insertPredictions(predictions("2.0.0", 600, 62));
        cycle.run();

        assertThat(cycle.health().getDetails().get("model_version")).isEqualTo("2.0.0");
        assertThat(cycle.health().getDetails().get("monitored_model_versions")).isEqualTo(List.of(version, "2.0.0"));
        assertThat(driftWindow(registry, "2.0.0")).as("the new version's own window").isEqualTo(600);
        assertThat(driftWindow(registry, version)).as("the previous version's, still in the drift window")
                .isEqualTo(1_000);
        assertThat(unmonitored(registry, "predictions")).isZero();
        assertThat(registry.find("ml.model.auc.roc").tag(ExporterMetrics.SOURCE, "holdout").gauges())
                .as("each version's own hold-out AUC").hasSize(2);

        store.insertPredictions(predictions("2.0.0", 10_000, 63));
        cycle.run();

        assertThat(cycle.health().getDetails().get("monitored_model_versions")).isEqualTo(List.of("2.0.0"));
        assertThat(registry.getMeters()).as("the aged-out version's series")
                .noneMatch(meter -> version.equals(meter.getId().getTag(ExporterMetrics.MODEL_VERSION)));
        assertThat(driftWindow(registry, "2.0.0")).isEqualTo(10_000);
        assertThat(registry.find("ml.model.auc.roc").tag(ExporterMetrics.SOURCE, "holdout").gauges())
                .as("the hold-out AUC, of the new version only").singleElement()
                .satisfies(gauge -> assertThat(gauge.getId().getTag(ExporterMetrics.MODEL_VERSION)).isEqualTo("2.0.0"));
        assertThat(registry.find("system.cpu.usage.percent").gauge().getId().getTag(ExporterMetrics.MODEL_VERSION))
                .as("the host's series are about no model").isNull();

        store.insertPredictions(predictions(version, 10, 64));
        cycle.run();
        assertThat(unmonitored(registry, "predictions")).as("the aged-out version's later rows").isEqualTo(10);
    }

    private static double driftWindow(SimpleMeterRegistry registry, String modelVersion) {
        Gauge gauge = registry.find("ml.drift.window.predictions").tag(ExporterMetrics.MODEL_VERSION, modelVersion)
                .gauge();
        assertThat(gauge).as("ml.drift.window.predictions of " + modelVersion).isNotNull();
        return gauge.value();
    }

    private static List<CapturedPrediction> predictions(String modelVersion, int count, long seed) {
        List<CreditRecord> records = new SyntheticCreditGenerator(seed).generate(count);
        double[] pds = scorer.probabilities(ModelTrainer.featureRows(records));
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "versions", i, modelVersion,
                    records.get(i).features(), pds[i], pds[i] >= 0.5 ? 1 : 0, 600, "low"));
        }
        return predictions;
    }

    private static double live(SimpleMeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).tag(ExporterMetrics.SOURCE, "live").gauge();
        assertThat(gauge).as(name + "{source=live}").isNotNull();
        return gauge.value();
    }

    private static double unmonitored(SimpleMeterRegistry registry, String kind) {
        return registry.get("ml.exporter.rows.unmonitored").tag(ExporterMetrics.KIND, kind).counter().count();
    }
}

package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.reasons.AttributionDrift;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Attribution drift through the real monitoring cycle: generated applications scored by the
 * bundled model as the service would, written to a SQLite store, one cycle, and the gauges the
 * {@code ModelAttributionDrift} alert reads (nDCG below 0.9).
 */
class AttributionScenarioTests {

    private static final String MODEL = "../models/default";
    private static final int ROWS = 3_000;
    private static ModelBundle bundle;
    private static CreditScorer scorer;

    @TempDir
    Path stores;

    @BeforeAll
    static void loadModel() throws Exception {
        bundle = ModelBundle.read(Path.of(MODEL));
        scorer = bundle.scorer();
    }

    @Test
    void trafficFromTheTrainingPopulationKeepsTheRankingOfReasons() throws Exception {
        SimpleMeterRegistry registry = cycle(21, UnaryOperator.identity());

        double ndcg = gauge(registry, "ml.model.attribution.ndcg", null, null).value();
        assertThat(ndcg).isGreaterThan(AttributionDrift.ALERT_BELOW).isGreaterThan(0.98);
        double live = gauge(registry, "ml.feature.contribution.mean.absolute", Feature.REVOLVING_UTILIZATION.jsonName(),
                "live").value();
        double holdout = gauge(registry, "ml.feature.contribution.mean.absolute",
                Feature.REVOLVING_UTILIZATION.jsonName(), "holdout").value();
        assertThat(live).isCloseTo(holdout, within(0.15 * holdout));
        double declines = registry.find("ml.decline.reason.declines").gauge().value();
        assertThat(declines).isGreaterThanOrEqualTo(20);
        double sum = registry.find("ml.decline.reason.share").gauges().stream().mapToDouble(Gauge::value).sum();
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(registry.find("ml.decline.reason.share").gauges()).hasSize(Feature.COUNT + 1);
    }

    /**
     * A feed that reports the same revolving utilization (0.3) for everyone: the feature the model
     * relied on most no longer tells applicants apart, its mean |contribution| collapses, and the
     * ranking of the features moves far enough to alert.
     */
    @Test
    void aTopFeatureMadeUninformativeDrivesTheNdcgBelowTheAlertLevel() throws Exception {
        SimpleMeterRegistry registry = cycle(22, features -> {
            features[Feature.REVOLVING_UTILIZATION.ordinal()] = 0.3;
            return features;
        });

        double ndcg = gauge(registry, "ml.model.attribution.ndcg", null, null).value();
        assertThat(ndcg).isLessThan(AttributionDrift.ALERT_BELOW);
        double live = gauge(registry, "ml.feature.contribution.mean.absolute", Feature.REVOLVING_UTILIZATION.jsonName(),
                "live").value();
        double holdout = gauge(registry, "ml.feature.contribution.mean.absolute",
                Feature.REVOLVING_UTILIZATION.jsonName(), "holdout").value();
        assertThat(live).isLessThan(holdout / 3);
        assertThat(gauge(registry, "ml.decline.reason.share", null, null, "UTIL").value())
                .isLessThan(gauge(cycle(23, UnaryOperator.identity()), "ml.decline.reason.share", null, null, "UTIL")
                        .value());
    }

    @Test
    void tooFewPredictionsPublishNoReasonGaugesButTheHoldoutReference() throws Exception {
        PredictionStore store = ScenarioStores.newStore(stores);
        store.insertPredictions(predictions(24, 100, UnaryOperator.identity()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new MonitoringCycle(ScenarioStores.defaults(MODEL, 5_000), store, new ExporterMetrics(registry)).run();

        assertThat(registry.find("ml.model.attribution.ndcg").gauge()).isNull();
        assertThat(registry.find("ml.decline.reason.share").gauges()).isEmpty();
        assertThat(registry.find("ml.feature.contribution.mean.absolute").tag("source", "live").gauges()).isEmpty();
        assertThat(registry.find("ml.feature.contribution.mean.absolute").tag("source", "holdout").gauges())
                .hasSize(Feature.COUNT);
    }

    private SimpleMeterRegistry cycle(long seed, UnaryOperator<double[]> shift) throws Exception {
        PredictionStore store = ScenarioStores.newStore(stores);
        store.insertPredictions(predictions(seed, ROWS, shift));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MonitoringCycle(ScenarioStores.defaults(MODEL, 5_000), store, new ExporterMetrics(registry)).run();
        return registry;
    }

    /** Applications of one seed, shifted, scored by the bundled model at its threshold, as the service captures them. */
    private static List<CapturedPrediction> predictions(long seed, int rows, UnaryOperator<double[]> shift) {
        List<CreditRecord> records = new SyntheticCreditGenerator(seed).generate(rows);
        double[][] features = records.stream().map(record -> shift.apply(record.features().clone()))
                .toArray(double[][]::new);
        double[] pds = scorer.probabilities(features);
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "scenario", i, "1.0.0", features[i],
                    pds[i], pds[i] >= bundle.card().threshold() ? 1 : 0, 600, "low"));
        }
        return predictions;
    }

    private static Gauge gauge(SimpleMeterRegistry registry, String name, String feature, String source) {
        return gauge(registry, name, feature, source, null);
    }

    private static Gauge gauge(SimpleMeterRegistry registry, String name, String feature, String source, String code) {
        var search = registry.find(name);
        if (feature != null) {
            search = search.tag(ExporterMetrics.FEATURE, feature);
        }
        if (source != null) {
            search = search.tag(ExporterMetrics.SOURCE, source);
        }
        if (code != null) {
            search = search.tag(ExporterMetrics.CODE, code);
        }
        Gauge gauge = search.gauge();
        assertThat(gauge).as("%s{feature=%s, source=%s, code=%s}", name, feature, source, code).isNotNull();
        return gauge;
    }
}

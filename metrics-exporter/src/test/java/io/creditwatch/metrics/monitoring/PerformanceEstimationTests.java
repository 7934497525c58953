package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.estimation.CalibrationMap;
import io.creditwatch.model.estimation.EstimationReference;
import io.creditwatch.model.estimation.PerformanceEstimate;
import io.creditwatch.model.estimation.PerformanceEstimator;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The estimated quality through the real monitoring cycle: the bundled model's card given a
 * calibration map fitted on generated hold-out scores (no training), a store of scored
 * applications, one cycle, and the gauges against {@link PerformanceEstimator#estimate} on the
 * drift window's served probabilities.
 */
class PerformanceEstimationTests {

    private static final String MODEL = "../models/default";
    private static final int HOLDOUT_ROWS = 20_000;
    private static final Map<String, Function<PerformanceEstimate, PerformanceEstimate.Estimate>> ESTIMATES = Map.of(
            "ml.model.auc.roc", PerformanceEstimate::aucRoc, "ml.model.accuracy", PerformanceEstimate::accuracy,
            "ml.model.precision", PerformanceEstimate::precision, "ml.model.recall", PerformanceEstimate::recall,
            "ml.model.f1.score", PerformanceEstimate::f1);

    @TempDir
    static Path calibrated;
    @TempDir
    static Path uncalibrated;
    @TempDir
    Path stores;

    private static ModelBundle bundle;
    private static CreditScorer scorer;
    private static ModelCard card;

    @BeforeAll
    static void writeCalibratedBundle() throws Exception {
        bundle = ModelBundle.read(Path.of(MODEL));
        scorer = bundle.scorer();
        List<CreditRecord> holdout = new SyntheticCreditGenerator(1).generate(HOLDOUT_ROWS);
        double[] scores = scorer.probabilities(ModelTrainer.featureRows(holdout));
        int[] labels = holdout.stream().mapToInt(CreditRecord::label).toArray();
        ModelCard original = bundle.card();
        card = withCalibration(original, CalibrationMap.fit(scores, labels, original.threshold()));
        new ModelBundle(bundle.booster(), bundle.columns(), bundle.positiveClass(), card, bundle.profile())
                .write(calibrated);
        new ModelBundle(bundle.booster(), bundle.columns(), bundle.positiveClass(), withCalibration(original, null),
                bundle.profile()).write(uncalibrated);
    }

    /** The card with another calibration map (null: none, as in a card written before maps). */
    private static ModelCard withCalibration(ModelCard original, CalibrationMap map) {
        return new ModelCard(original.formatVersion(), original.modelVersion(), original.createdAt(),
                original.modelType(), original.features(), original.positiveLabel(), original.threshold(),
                original.data(), original.parameters(), original.holdout(), original.masterScale(), original.origin(),
                original.performanceWindowMonths(), original.seasoningCurve(), map, original.reasonCodes(),
                original.holdoutCurve(), original.decision());
    }

    @Test
    void aCardWithAMapPublishesTheEstimateOfTheDriftWindow() throws Exception {
        double[] served = scores(2_000, 5);
        SimpleMeterRegistry registry = cycle(calibrated.toString(), served, true);
        PerformanceEstimate expected = PerformanceEstimator.forCard(card).orElseThrow().estimate(served);

        ESTIMATES.forEach((name, metric) -> {
            PerformanceEstimate.Estimate estimate = metric.apply(expected);
            assertThat(estimated(registry, name)).as(name).isEqualTo(estimate.value());
            assertThat(estimated(registry, name + ".lower")).as(name + ".lower").isEqualTo(estimate.lower());
            assertThat(estimated(registry, name + ".upper")).as(name + ".upper").isEqualTo(estimate.upper());
            assertThat(registry.find(name).gauges()).as(name + " sources").hasSize(3);
        });
        assertThat(estimated(registry, "ml.model.expected.default.rate")).isEqualTo(expected.defaultRate().value());
        assertThat(estimated(registry, "ml.model.expected.default.rate.lower"))
                .isEqualTo(expected.defaultRate().lower());
        assertThat(estimated(registry, "ml.model.expected.default.rate.upper"))
                .isEqualTo(expected.defaultRate().upper());

        EstimationReference.AucRange range = card.calibration().reference().aucRange();
        assertThat(gauge(registry, "ml.model.auc.roc.reference.lower").value()).isEqualTo(range.lower());
        assertThat(gauge(registry, "ml.model.auc.roc.reference.upper").value()).isEqualTo(range.upper());

        double live = registry.find("ml.model.auc.roc").tag(ExporterMetrics.SOURCE, "live").gauge().value();
        // every served row has a mature outcome here, so the estimate over them is the drift window's
        assertThat(gauge(registry, "ml.model.auc.roc.gap").value()).isEqualTo(live - expected.aucRoc().value());
        assertThat(gauge(registry, "ml.model.auc.roc.gap.lower").value())
                .isEqualTo(-3 * expected.aucRoc().standardError());
    }

    @Test
    void aCardWithoutAMapPublishesNoEstimate() throws Exception {
        SimpleMeterRegistry registry = cycle(uncalibrated.toString(), scores(2_000, 6), true);

        assertNoEstimate(registry);
        assertThat(registry.find("ml.model.auc.roc.reference.lower").gauge()).isNull();
        assertThat(registry.find("ml.model.auc.roc").tag(ExporterMetrics.SOURCE, "live").gauge()).isNotNull();
    }

    @Test
    void aWindowBelowTheMinimumPublishesNoEstimate() throws Exception {
        SimpleMeterRegistry registry = cycle(calibrated.toString(), scores(PerformanceEstimator.MIN_WINDOW_ROWS - 1, 7),
                false);

        assertNoEstimate(registry);
        assertThat(registry.find("ml.drift.window.predictions").gauge()).isNotNull();
        assertThat(registry.find("ml.model.auc.roc.reference.lower").gauge()).isNotNull();
    }

    @Test
    void anUndefinedEstimateIsAbsentWithItsBandWhileTheOthersArePublished() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExporterMetrics metrics = new ExporterMetrics(registry);
        PerformanceEstimate.Estimate defined = new PerformanceEstimate.Estimate(0.8, 0.01);
        PerformanceEstimate.Estimate undefined = new PerformanceEstimate.Estimate(Double.NaN, Double.NaN);
        metrics.quality(null, bundle.card().holdout(),
                new PerformanceEstimate(1_000, defined, defined, undefined, defined,
                        defined, new PerformanceEstimate.Estimate(0.07, 0.008)));

        assertThat(registry.find("ml.model.precision").tag(ExporterMetrics.SOURCE, ExporterMetrics.ESTIMATED).gauge())
                .isNull();
        assertThat(registry.find("ml.model.precision.lower").gauge()).isNull();
        assertThat(registry.find("ml.model.precision.upper").gauge()).isNull();
        assertThat(registry.find("ml.model.precision").tag(ExporterMetrics.SOURCE, "holdout").gauge()).isNotNull();
        assertThat(estimated(registry, "ml.model.recall")).isEqualTo(0.8);
        assertThat(estimated(registry, "ml.model.recall.lower")).isEqualTo(defined.lower());
        assertThat(estimated(registry, "ml.model.expected.default.rate.upper")).isEqualTo(0.07 + 3 * 0.008);
    }

    private static void assertNoEstimate(SimpleMeterRegistry registry) {
        ESTIMATES.keySet().forEach(name -> {
            assertThat(registry.find(name).tag(ExporterMetrics.SOURCE, ExporterMetrics.ESTIMATED).gauge()).as(name)
                    .isNull();
            assertThat(registry.find(name + ".lower").gauge()).as(name + ".lower").isNull();
            assertThat(registry.find(name + ".upper").gauge()).as(name + ".upper").isNull();
        });
        assertThat(registry.find("ml.model.expected.default.rate").gauge()).isNull();
        assertThat(registry.find("ml.model.auc.roc.gap").gauge()).isNull();
        assertThat(registry.find("ml.model.auc.roc.gap.lower").gauge()).isNull();
    }

    private static double[] scores(int rows, long seed) {
        return scorer.probabilities(ModelTrainer.featureRows(new SyntheticCreditGenerator(seed).generate(rows)));
    }

    /** Stores these served probabilities (with generated outcomes when {@code labelled}) and runs one cycle. */
    private SimpleMeterRegistry cycle(String model, double[] served, boolean labelled) throws Exception {
        PredictionStore store = ScenarioStores.newStore(stores);
        List<CapturedPrediction> predictions = new ArrayList<>();
        List<OutcomeSubmission> labels = new ArrayList<>();
        double[] features = new double[card.features().size()];
        for (int i = 0; i < served.length; i++) {
            String id = UUID.randomUUID().toString();
            predictions.add(new CapturedPrediction(id, "scenario", i, "1.0.0", features, served[i],
                    served[i] >= card.threshold() ? 1 : 0, 600, "low"));
            labels.add(new OutcomeSubmission(id, i % 10 == 0 ? 1 : 0));
        }
        store.insertPredictions(predictions);
        if (labelled) {
            store.insertOutcomes(labels, 1);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MonitoringCycle(ScenarioStores.defaults(model, 5_000), store, new ExporterMetrics(registry)).run();
        return registry;
    }

    private static double estimated(SimpleMeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).tag(ExporterMetrics.SOURCE, ExporterMetrics.ESTIMATED).gauge();
        assertThat(gauge).as(name + "{source=estimated}").isNotNull();
        return gauge.value();
    }

    private static Gauge gauge(SimpleMeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge;
    }
}

package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.estimation.PerformanceEstimator;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's hold-out and estimated figures are at the cut-off the service decides with: the
 * model card's, or the deployment's override set on both services.
 */
class CutOffMonitoringTests {

    private static final String MODEL = "../models/default";

    @TempDir
    Path stores;

    @Test
    void holdoutAndEstimatesAreAtTheCardsCutOff() throws Exception {
        ModelCard card = ModelBundle.readCard(Path.of(MODEL));
        double[] served = served();

        SimpleMeterRegistry registry = cycle(served, ServedCutOff.NONE);

        ModelCard.AtCutOff at = card.decision().holdout();
        assertThat(holdout(registry, "ml.model.accuracy")).isEqualTo(at.accuracy())
                .isNotEqualTo(card.holdout().accuracy());
        assertThat(holdout(registry, "ml.model.precision")).isEqualTo(at.precision());
        assertThat(holdout(registry, "ml.model.recall")).isEqualTo(at.recall());
        assertThat(holdout(registry, "ml.model.f1.score")).isEqualTo(at.f1());
        assertThat(holdout(registry, "ml.model.auc.roc")).isEqualTo(card.holdout().aucRoc());
        double expected = new PerformanceEstimator(card.calibration(), card.cutOff().pd()).estimate(served)
                .accuracy().value();
        assertThat(estimated(registry, "ml.model.accuracy")).isEqualTo(expected);
    }

    @Test
    void aDeploymentCutOffMovesTheEstimatesAndLeavesOutTheHoldoutFiguresTheCardHasNotAtIt() throws Exception {
        ModelCard card = ModelBundle.readCard(Path.of(MODEL));
        double[] served = served();

        // band high: its PD is the upper limit of medium, 0.20
        SimpleMeterRegistry registry = cycle(served,
                new ServedCutOff(null, new ServedCutOff.Decision(null, null, "high"), null));

        for (String name : new String[]{"ml.model.accuracy", "ml.model.precision", "ml.model.recall",
                "ml.model.f1.score"}) {
            assertThat(registry.find(name).tag(ExporterMetrics.SOURCE, "holdout").gauge()).as(name + "{source=holdout}")
                    .isNull();
        }
        assertThat(holdout(registry, "ml.model.auc.roc")).isEqualTo(card.holdout().aucRoc());
        double expected = new PerformanceEstimator(card.calibration(), 0.20).estimate(served).accuracy().value();
        assertThat(estimated(registry, "ml.model.accuracy")).isEqualTo(expected);
    }

    private static double[] served() throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of(MODEL));
        return bundle.scorer().probabilities(ModelTrainer.featureRows(new SyntheticCreditGenerator(3).generate(2_000)));
    }

    private SimpleMeterRegistry cycle(double[] served, ServedCutOff cutOff) throws Exception {
        PredictionStore store = ScenarioStores.newStore(stores);
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < served.length; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "scenario", i, "1.0.0", new double[10],
                    served[i], served[i] >= 0.2 ? 1 : 0, 600, "low"));
        }
        store.insertPredictions(predictions);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MonitoringCycle(ScenarioStores.defaults(MODEL, 5_000), store, new ExporterMetrics(registry), cutOff).run();
        return registry;
    }

    private static double holdout(SimpleMeterRegistry registry, String name) {
        return gauge(registry, name, "holdout");
    }

    private static double estimated(SimpleMeterRegistry registry, String name) {
        return gauge(registry, name, ExporterMetrics.ESTIMATED);
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String source) {
        Gauge gauge = registry.find(name).tag(ExporterMetrics.SOURCE, source).gauge();
        assertThat(gauge).as(name + "{source=" + source + "}").isNotNull();
        return gauge.value();
    }
}

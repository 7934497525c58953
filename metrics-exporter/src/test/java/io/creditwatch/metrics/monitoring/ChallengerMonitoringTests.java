package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.monitoring.ChallengerComparison;
import io.creditwatch.model.monitoring.ValidationSettings;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.PairedDeLong;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.ChallengerPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Champion against challenger in a monitoring cycle, over a store the service would have written:
 * 4,000 applicants of the generator, each with its outcome. The challenger is the bundled model;
 * the champion is the same model with noise on its log-odds (seeded), so the challenger truly
 * ranks better. The cycle's gauges equal the comparison computed here from the same rows, the
 * alert's rule holds, and the swap set is the count of applicants the two decide differently.
 */
class ChallengerMonitoringTests {

    private static final String MODEL = "../models/default";
    private static final String CHALLENGER = "2.0.0-challenger";

    @TempDir
    Path work;

    @Test
    void theCyclePublishesThePairedTestAndTheSwapSetOfTheSameRows() throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of(MODEL));
        CreditScorer scorer = bundle.scorer();
        List<CreditRecord> records = new SyntheticCreditGenerator(81).generate(4_000);
        double[] challengerPds = scorer.probabilities(ModelTrainer.featureRows(records));
        Random random = new Random(82);
        double cutOff = 0.1072;
        double[] championPds = new double[records.size()];
        int[] actual = new int[records.size()];
        long swapIn = 0;
        long swapOut = 0;
        List<CapturedPrediction> predictions = new ArrayList<>();
        List<OutcomeSubmission> labels = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            double logOdds = Math.log(challengerPds[i] / (1 - challengerPds[i])) + 0.9 * random.nextGaussian();
            championPds[i] = 1 / (1 + Math.exp(-logOdds));
            actual[i] = records.get(i).label();
            int champion = championPds[i] >= cutOff ? 1 : 0;
            int challenger = challengerPds[i] >= cutOff ? 1 : 0;
            swapIn += champion == 1 && challenger == 0 ? 1 : 0;
            swapOut += champion == 0 && challenger == 1 ? 1 : 0;
            String id = UUID.randomUUID().toString();
            predictions.add(
                    new CapturedPrediction(id, "shadow", i, bundle.card().modelVersion(), records.get(i).features(),
                            championPds[i], champion, 600, "low", null,
                            new ChallengerPrediction(CHALLENGER, challengerPds[i], challenger, 610, "low")));
            labels.add(new OutcomeSubmission(id, actual[i], null));
        }
        PredictionStore store = ScenarioStores.newStore(work);
        store.insertPredictions(predictions);
        store.insertOutcomes(labels, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExporterProperties properties = ScenarioStores.defaults(MODEL, 5_000);
        MonitoringCycle cycle = new MonitoringCycle(properties, store, new ExporterMetrics(registry));

        cycle.run();

        ValidationSettings settings = properties.validation().settings();
        ChallengerComparison expected = ChallengerComparison.of(championPds, challengerPds, actual,
                bundle.card().masterScale(), bundle.card().holdout().aucRoc(), settings);
        PairedDeLong test = expected.pairedDeLong();
        assertThat(gauge(registry, "ml.challenger.compared.outcomes", null)).isEqualTo(4_000);
        assertThat(gauge(registry, "ml.challenger.auc.roc", "champion")).isCloseTo(test.aucA(), within(1e-12));
        assertThat(gauge(registry, "ml.challenger.auc.roc", "challenger")).isCloseTo(test.aucB(), within(1e-12));
        assertThat(gauge(registry, "ml.challenger.delong.z", null)).isCloseTo(test.z(), within(1e-9));
        assertThat(gauge(registry, "ml.challenger.delong.p.value", null)).isCloseTo(test.pValueBBetter(), within(1e-12))
                .as("the alert's rule").isLessThan(ChallengerComparison.OUTPERFORMS_P_VALUE);
        assertThat(gauge(registry, "ml.challenger.auc.difference", null)).isPositive();
        assertThat(gauge(registry, "ml.challenger.jeffreys.p.value", "challenger"))
                .isCloseTo(expected.challenger().portfolio().jeffreysPValue(), within(1e-12));
        assertThat(gauge(registry, "ml.challenger.mean.pd", "champion"))
                .isCloseTo(expected.champion().portfolio().meanPd(), within(1e-12));
        assertThat(gauge(registry, "ml.challenger.window.predictions", null)).isEqualTo(4_000);
        assertThat(swapIn + swapOut).as("the two models disagree on some applicants").isPositive();
        assertThat(
                registry.find("ml.challenger.swap.set.ratio").tag(ExporterMetrics.DIRECTION, "swap_in").gauge().value())
                .isCloseTo(swapIn / 4_000.0, within(1e-12));
        assertThat(registry.find("ml.challenger.swap.set.ratio").tag(ExporterMetrics.DIRECTION, "swap_out").gauge()
                .value())
                .isCloseTo(swapOut / 4_000.0, within(1e-12));
        assertThat(cycle.health().getDetails().get("challenger_version")).isEqualTo(CHALLENGER);
    }

    @Test
    void withoutAChallengerNoComparisonIsPublished() throws Exception {
        PredictionStore store = ScenarioStores.newStore(work);
        store.insertPredictions(List.of(new CapturedPrediction(UUID.randomUUID().toString(), "r", 1, "1.0.0",
                new double[10], 0.1, 0, 600, "low")));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MonitoringCycle cycle = new MonitoringCycle(ScenarioStores.defaults(MODEL, 5_000), store,
                new ExporterMetrics(registry));

        cycle.run();

        assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("ml.challenger."));
        assertThat(cycle.health().getDetails().get("challenger_version")).isEqualTo("none");
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String role) {
        var search = registry.find(name).tag(ExporterMetrics.CHALLENGER_VERSION, CHALLENGER);
        Gauge gauge = (role == null ? search : search.tag(ExporterMetrics.ROLE, role)).gauge();
        assertThat(gauge).as(name + (role == null ? "" : "{role=" + role + "}")).isNotNull();
        return gauge.value();
    }
}

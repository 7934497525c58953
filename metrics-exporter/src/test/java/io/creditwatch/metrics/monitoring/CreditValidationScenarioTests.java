package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.OutcomeScenarios;
import io.creditwatch.model.data.SyntheticCreditGenerator;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation tests through the real monitoring cycle: generated applications scored by the
 * bundled model, written to a SQLite store with outcomes of a scenario, one cycle, and the gauges
 * that the alert rules read. A window of 5,000 labels, the exporter's default.
 *
 * <p>The alert conditions, as {@code prometheus/rules/alerts.yml} has them: discrimination when the
 * AUC test's light is at least yellow; calibration when the portfolio's Jeffreys light is at least
 * yellow or a grade's is red; rank ordering when an inversion is significant.
 */
class CreditValidationScenarioTests {

    private static final String MODEL = "../models/default";
    private static final int WINDOW = 5_000;
    private static final int HEALTHY_SEEDS = 10;
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
    void trueOutcomesRaiseNoModelQualityAlertOverSeveralSeeds() throws Exception {
        int falseAlarms = 0;
        for (long seed = 100; seed < 100 + HEALTHY_SEEDS; seed++) {
            Window window = window(seed);
            Published published = cycle(window, window.outcomes());

            assertThat(published.light("ml.validation.auc.test.traffic.light")).as("seed %d", seed).isLessThan(2);
            assertThat(published.light("ml.validation.jeffreys.traffic.light", "portfolio")).as("seed %d", seed)
                    .isLessThan(2);
            assertThat(published.value("ml.validation.rank.ordering.pairs.tested")).isEqualTo(7);
            if (published.anyAlert()) {
                falseAlarms++;
            }
        }
        System.out.printf("validation false alarms with true outcomes: %d of %d windows of %d labels%n", falseAlarms,
                HEALTHY_SEEDS, WINDOW);
        assertThat(falseAlarms).as("windows of true outcomes that would page").isLessThanOrEqualTo(HEALTHY_SEEDS / 5);
    }

    @Test
    void noiseInHalfTheOutcomesRaisesTheDiscriminationAlert() throws Exception {
        Window window = window(7);
        Published published = cycle(window, OutcomeScenarios.withNoise(window.outcomes(), 0.5, 8));

        assertThat(published.value("ml.validation.auc.ci.upper")).isLessThan(bundle.card().holdout().aucRoc());
        assertThat(published.light("ml.validation.auc.test.traffic.light")).isEqualTo(2);
        assertThat(published.value("ml.validation.observed.expected.ratio", "portfolio")).isBetween(0.8, 1.25);
    }

    @Test
    void outcomesAtTwiceThePdRaiseTheCalibrationAlertWhileTheAucTestStaysGreen() throws Exception {
        Window window = window(9);
        Published published = cycle(window, OutcomeScenarios.drawn(WINDOW, i -> 2 * window.pds()[i], 10));

        assertThat(published.light("ml.validation.jeffreys.traffic.light", "portfolio")).isEqualTo(2);
        assertThat(published.value("ml.validation.observed.expected.ratio", "portfolio")).isBetween(1.8, 2.2);
        assertThat(published.light("ml.validation.auc.test.traffic.light")).isZero();
        assertThat(published.light("ml.validation.hosmer.lemeshow.traffic.light")).isEqualTo(2);
    }

    @Test
    void oneGradeWithPdsTooLowRaisesThatGradesAlertOnly() throws Exception {
        Window window = window(11);
        MasterScale scale = bundle.card().masterScale();
        int[] grades = scale.indexesOf(window.pds());
        int offGrade = 3;
        Published published = cycle(window, OutcomeScenarios.drawn(WINDOW,
                i -> grades[i] == offGrade ? 2 * window.pds()[i] : window.pds()[i], 12));

        assertThat(published.light("ml.validation.jeffreys.traffic.light", "4")).isEqualTo(2);
        for (MasterScale.Grade grade : scale.grades()) {
            if (!grade.grade().equals("4")) {
                assertThat(published.light("ml.validation.jeffreys.traffic.light", grade.grade()))
                        .as("grade %s", grade.grade()).isLessThan(2);
            }
        }
    }

    @Test
    void invertedGradesBreakRankOrdering() throws Exception {
        Window window = window(13);
        MasterScale scale = bundle.card().masterScale();
        int[] grades = scale.indexesOf(window.pds());
        // Grade 3's applicants default at grade 6's mean rate, far above grade 4's.
        double gradeSixRate = scale.grades().get(5).holdoutMeanPd();
        Published published = cycle(window, OutcomeScenarios.drawn(WINDOW,
                i -> grades[i] == 2 ? gradeSixRate : window.pds()[i], 14));

        assertThat(published.value("ml.validation.rank.ordering.significant.inversions")).isGreaterThanOrEqualTo(1);
    }

    /** Applications of one seed, scored by the bundled model, with the generator's own outcomes. */
    private record Window(List<CreditRecord> records, double[] pds, int[] outcomes) {
    }

    private static Window window(long seed) {
        List<CreditRecord> records = new SyntheticCreditGenerator(seed).generate(WINDOW);
        double[] pds = scorer.probabilities(ModelTrainer.featureRows(records));
        return new Window(records, pds, records.stream().mapToInt(CreditRecord::label).toArray());
    }

    /** Stores the window with these outcomes in a new store and runs one monitoring cycle over it. */
    private Published cycle(Window window, int[] outcomes) throws Exception {
        PredictionStore store = ScenarioStores.newStore(stores);
        List<CapturedPrediction> predictions = new ArrayList<>();
        List<OutcomeSubmission> labels = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            String id = UUID.randomUUID().toString();
            double pd = window.pds()[i];
            predictions.add(new CapturedPrediction(id, "scenario", i, "1.0.0", window.records().get(i).features(), pd,
                    pd >= 0.5 ? 1 : 0, 600, "low"));
            labels.add(new OutcomeSubmission(id, outcomes[i]));
        }
        store.insertPredictions(predictions);
        store.insertOutcomes(labels, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MonitoringCycle(ScenarioStores.defaults(MODEL, WINDOW), store, new ExporterMetrics(registry)).run();
        return new Published(registry);
    }

    /** What one cycle published. */
    private record Published(SimpleMeterRegistry registry) {

        double value(String name, String grade) {
            Gauge gauge = registry.find(name).tag(ExporterMetrics.GRADE, grade).gauge();
            assertThat(gauge).as(name + "{grade=" + grade + "}").isNotNull();
            return gauge.value();
        }

        double value(String name) {
            Gauge gauge = registry.find(name).gauge();
            assertThat(gauge).as(name).isNotNull();
            return gauge.value();
        }

        int light(String name, String grade) {
            return (int) value(name, grade);
        }

        int light(String name) {
            return (int) value(name);
        }

        boolean anyAlert() {
            boolean gradeRed = registry.find("ml.validation.jeffreys.traffic.light").gauges().stream()
                    .anyMatch(gauge -> gauge.value() == 2);
            return light("ml.validation.auc.test.traffic.light") >= 1
                    || light("ml.validation.jeffreys.traffic.light", "portfolio") >= 1 || gradeRed
                    || value("ml.validation.rank.ordering.significant.inversions") > 0;
        }
    }
}

package io.creditwatch.model.estimation;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.OutcomeScenarios;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.ConfusionMatrix;
import io.creditwatch.model.stats.RankingMetrics;
import io.creditwatch.model.training.ModelTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CBPE on the committed bundle under covariate shift: its calibration map is fitted on a
 * generated hold-out of 30,000 rows; 20 windows of 5,000 applicants are drawn from generated
 * data reweighted toward young, highly utilized applicants, and their outcomes drawn from the
 * calibrated PDs themselves (the premise of the estimator: the PD given the features holds).
 * The realized AUC and accuracy must then fall inside the estimates' bands.
 */
class EstimationScenarioTests {

    private static final int WINDOWS = 20;
    private static final int WINDOW_ROWS = 5_000;

    private static double threshold;
    private static CalibrationMap map;
    private static double holdoutDefaultRate;
    private static double[] holdoutScores;
    private static int[] holdoutLabels;
    private static final List<double[]> windows = new ArrayList<>();

    @BeforeAll
    static void scoreTheBundle() throws IOException {
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        CreditScorer scorer = bundle.scorer();
        threshold = bundle.card().threshold();
        List<CreditRecord> holdout = new SyntheticCreditGenerator(101).generate(30_000);
        holdoutLabels = holdout.stream().mapToInt(CreditRecord::label).toArray();
        holdoutScores = scorer.probabilities(ModelTrainer.featureRows(holdout));
        map = CalibrationMap.fit(holdoutScores, holdoutLabels, threshold);
        holdoutDefaultRate = Arrays.stream(holdoutLabels).average().orElseThrow();

        SyntheticCreditGenerator applicants = new SyntheticCreditGenerator(202);
        SplittableRandom acceptance = new SplittableRandom(303);
        for (int w = 0; w < WINDOWS; w++) {
            List<CreditRecord> window = new ArrayList<>(WINDOW_ROWS);
            while (window.size() < WINDOW_ROWS) {
                CreditRecord applicant = applicants.next();
                if (acceptance.nextDouble() < shiftWeight(applicant)) {
                    window.add(applicant);
                }
            }
            windows.add(scorer.probabilities(ModelTrainer.featureRows(window)));
        }
    }

    /** Covariate shift: applicants under 35 and those using more than half their revolving lines are favoured. */
    private static double shiftWeight(CreditRecord applicant) {
        double weight = 1;
        if (applicant.get(Feature.AGE) >= 35) {
            weight *= 0.35;
        }
        if (!(applicant.get(Feature.REVOLVING_UTILIZATION) > 0.5)) {
            weight *= 0.35;
        }
        return weight;
    }

    @Test
    void realizedAucAndAccuracyFallInsideTheBandsUnderCovariateShift() {
        PerformanceEstimator estimator = new PerformanceEstimator(map, threshold);
        double aucError = 0;
        double accuracyError = 0;
        double aucStandardError = 0;
        double defaultRate = 0;
        int aucCovered = 0;
        int accuracyCovered = 0;
        for (int w = 0; w < WINDOWS; w++) {
            double[] scores = windows.get(w);
            double[] pd = map.calibrate(scores);
            int[] outcomes = OutcomeScenarios.drawn(scores.length, i -> pd[i], 400 + w);
            PerformanceEstimate estimate = estimator.estimate(scores);
            double auc = RankingMetrics.of(scores, outcomes).aucRoc();
            double accuracy = ConfusionMatrix.atThreshold(scores, outcomes, threshold).accuracy();
            aucError += Math.abs(estimate.aucRoc().value() - auc) / WINDOWS;
            accuracyError += Math.abs(estimate.accuracy().value() - accuracy) / WINDOWS;
            aucStandardError += estimate.aucRoc().standardError() / WINDOWS;
            aucCovered += estimate.aucRoc().covers(auc) ? 1 : 0;
            accuracyCovered += estimate.accuracy().covers(accuracy) ? 1 : 0;
            defaultRate += estimate.defaultRate().value() / WINDOWS;
        }
        System.out.printf(Locale.ROOT, "calibration %s (%s); hold-out default rate %.4f, windows' expected %.4f; "
                + "mean |estimated - realized| AUC %.4f (mean SE %.4f), accuracy %.4f; inside the band: "
                + "AUC %d of %d, accuracy %d of %d%n", map.method(), map.reason(), holdoutDefaultRate,
                defaultRate, aucError, aucStandardError, accuracyError, aucCovered, WINDOWS, accuracyCovered, WINDOWS);

        assertThat(defaultRate).as("the shift raises the default rate").isGreaterThan(1.5 * holdoutDefaultRate);
        assertThat(aucCovered).isGreaterThanOrEqualTo(19);
        assertThat(accuracyCovered).isGreaterThanOrEqualTo(19);
        assertThat(accuracyError).isLessThanOrEqualTo(0.005);
        // one draw of 5,000 outcomes at an 11% default rate: the realized AUC itself varies by about 0.009
        // (DeLong), so its mean distance from any estimate is about 0.8 of that, above 0.005; the band's
        // standard error (NannyML's, at the hold-out's lower default rate) is larger still
        assertThat(aucError).isLessThanOrEqualTo(0.8 * aucStandardError);
    }

    /** The estimate against the realized AUC's mean over 25 outcome draws per window: its bias, not the draw's noise. */
    @Test
    void expectedAucIsTheRealizedAucsMean() {
        PerformanceEstimator estimator = new PerformanceEstimator(map, threshold);
        int draws = 25;
        double aucError = 0;
        double accuracyError = 0;
        for (int w = 0; w < WINDOWS; w++) {
            double[] scores = windows.get(w);
            double[] pd = map.calibrate(scores);
            double auc = 0;
            double accuracy = 0;
            for (int d = 0; d < draws; d++) {
                int[] outcomes = OutcomeScenarios.drawn(scores.length, i -> pd[i], 1000L * w + d);
                auc += RankingMetrics.of(scores, outcomes).aucRoc() / draws;
                accuracy += ConfusionMatrix.atThreshold(scores, outcomes, threshold).accuracy() / draws;
            }
            PerformanceEstimate estimate = estimator.estimate(scores);
            aucError += Math.abs(estimate.aucRoc().value() - auc) / WINDOWS;
            accuracyError += Math.abs(estimate.accuracy().value() - accuracy) / WINDOWS;
        }
        System.out.printf(Locale.ROOT, "mean |estimated - mean of %d realized| AUC %.4f, accuracy %.4f%n", draws,
                aucError, accuracyError);

        assertThat(aucError).isLessThanOrEqualTo(0.005);
        assertThat(accuracyError).isLessThanOrEqualTo(0.005);
    }

    /**
     * A model serving half its PDs: on the same hold-out the map is isotonic, and the estimates
     * follow the outcomes (drawn from the true PDs, as above), not the served PDs.
     */
    @Test
    void isotonicMapCorrectsPdsServedTwiceTooLow() {
        double[] halved = Arrays.stream(holdoutScores).map(score -> score / 2).toArray();
        CalibrationMap halvedMap = CalibrationMap.fit(halved, holdoutLabels, threshold);
        assertThat(halvedMap.method()).isEqualTo(CalibrationMap.ISOTONIC);

        PerformanceEstimator estimator = new PerformanceEstimator(halvedMap, threshold);
        double defaultRateError = 0;
        double servedError = 0;
        int aucCovered = 0;
        int accuracyCovered = 0;
        int defaultRateCovered = 0;
        for (int w = 0; w < WINDOWS; w++) {
            double[] truth = map.calibrate(windows.get(w));
            double[] served = Arrays.stream(windows.get(w)).map(score -> score / 2).toArray();
            int[] outcomes = OutcomeScenarios.drawn(served.length, i -> truth[i], 500 + w);
            PerformanceEstimate estimate = estimator.estimate(served);
            double defaultRate = Arrays.stream(outcomes).average().orElseThrow();
            aucCovered += estimate.aucRoc().covers(RankingMetrics.of(served, outcomes).aucRoc()) ? 1 : 0;
            accuracyCovered += estimate.accuracy().covers(
                    ConfusionMatrix.atThreshold(served, outcomes, threshold).accuracy()) ? 1 : 0;
            defaultRateCovered += estimate.defaultRate().covers(defaultRate) ? 1 : 0;
            defaultRateError += Math.abs(estimate.defaultRate().value() - defaultRate) / WINDOWS;
            servedError += Math.abs(Arrays.stream(served).average().orElseThrow() - defaultRate) / WINDOWS;
        }
        System.out.printf(Locale.ROOT, "served PDs halved: calibration %s; mean |estimated - realized| default rate "
                + "%.4f (served PDs' mean: %.4f); inside the band: AUC %d, accuracy %d, default rate %d of %d%n",
                halvedMap.method(), defaultRateError, servedError, aucCovered, accuracyCovered, defaultRateCovered,
                WINDOWS);

        assertThat(defaultRateError).isLessThan(0.01);
        assertThat(servedError).isGreaterThan(0.04);
        assertThat(aucCovered).isGreaterThanOrEqualTo(19);
        assertThat(accuracyCovered).isGreaterThanOrEqualTo(19);
        assertThat(defaultRateCovered).isGreaterThanOrEqualTo(19);
    }
}

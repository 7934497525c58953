package io.creditwatch.model.estimation;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The cross-validated choice between isotonic regression and none. */
class CalibrationMapTests {

    private static final int ROWS = 20_000;

    @Test
    void calibratedProbabilitiesAreLeftAsTheyAre() {
        double[] scores = scores(1);
        int[] labels = drawn(scores, 1, 2);

        CalibrationMap map = CalibrationMap.fit(scores, labels, 0.5);

        assertThat(map.method()).isEqualTo(CalibrationMap.NONE);
        assertThat(map.improvementPValue()).isGreaterThan(CalibrationMap.SIGNIFICANCE);
        assertThat(map.reason()).startsWith("isotonic regression does not significantly lower the ECE (10 equal-count "
                + "bins) of the held-out fold in 10-fold cross-validation on 20000 hold-out rows: ")
                .endsWith("the served probabilities are taken as calibrated");
        assertThat(map.thresholds()).isEmpty();
        assertThat(map.calibrate(0.123)).isEqualTo(0.123);
    }

    @Test
    void probabilitiesTwiceTooLowAreCalibrated() {
        double[] scores = scores(3);
        int[] labels = drawn(scores, 2, 4);

        CalibrationMap map = CalibrationMap.fit(scores, labels, 0.5);

        assertThat(map.method()).isEqualTo(CalibrationMap.ISOTONIC);
        assertThat(map.eceCalibrated()).isLessThan(map.eceUncalibrated() / 3);
        assertThat(map.improvementPValue()).isLessThan(1e-6);
        assertThat(map.reason()).startsWith("isotonic regression lowers the ECE");
        assertThat(map.calibrate(0.1)).as("the true PD at a served 0.1 is 0.2").isCloseTo(0.2, within(0.03));
        assertThat(map.calibrate(new double[]{0.05})[0]).isCloseTo(0.1, within(0.02));
    }

    @Test
    void theSameHoldoutGivesTheSameMap() {
        double[] scores = scores(5);
        int[] labels = drawn(scores, 1.5, 6);

        assertThat(CalibrationMap.fit(scores, labels, 0.5)).isEqualTo(CalibrationMap.fit(scores, labels, 0.5));
    }

    @Test
    void needsEachClassInEveryFold() {
        double[] scores = new double[100];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = i / 100.0;
            labels[i] = i < 9 ? 1 : 0;
        }
        assertThatThrownBy(() -> CalibrationMap.fit(scores, labels, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calibration needs at least 10 rows of each class, label 1 has 9");
    }

    /** Served probabilities of a credit portfolio's shape: Beta(1, 12), mean 1/13. */
    static double[] scores(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] scores = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            scores[i] = 1 - Math.pow(random.nextDouble(), 1.0 / 12);
        }
        return scores;
    }

    /** Outcomes with probability {@code factor * score}. */
    static int[] drawn(double[] scores, double factor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            labels[i] = random.nextDouble() < Math.min(1, factor * scores[i]) ? 1 : 0;
        }
        return labels;
    }
}

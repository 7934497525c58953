package io.creditwatch.model.monitoring;

import io.creditwatch.model.stats.TrafficLight;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The champion/challenger rule over seeded repetitions. Each window is 5,000 applicants whose true
 * log-odds of default are normal (mean -2.2, sd 1: about 13% default), outcomes drawn from them;
 * a model's score is the true log-odds plus its own normal noise. Equal models have the same
 * noise (sd 0.8); a better challenger has less (sd 0.4; its AUC is about 0.02 higher).
 */
class ChallengerComparisonTests {

    private static final int APPLICANTS = 5_000;
    private static final int REPETITIONS = 200;
    private static final ValidationSettings SETTINGS = new ValidationSettings(100, 10, 30,
            TrafficLight.Levels.CONVENTIONAL);

    @Test
    void twoEqualModelsRaiseTheAlertAtItsStatedRate() {
        int raised = raised(0.8, 0.8, 101);
        System.out.printf("[challenger] equal models: raised in %d of %d windows%n", raised, REPETITIONS);
        // 1% of 200 is 2; P(Binomial(200, 0.01) >= 7) is about 0.0046
        assertThat(raised).isLessThan(7);
    }

    @Test
    void aTrulyBetterChallengerRaisesItInNearlyEveryWindow() {
        int raised = raised(0.8, 0.4, 202);
        System.out.printf("[challenger] better challenger: raised in %d of %d windows%n", raised, REPETITIONS);
        assertThat(raised).isGreaterThanOrEqualTo(190);
    }

    @Test
    void aWorseChallengerNeverRaisesIt() {
        assertThat(raised(0.4, 0.8, 303)).isZero();
    }

    @Test
    void eachModelIsCalibrationTestedOnTheSameOutcomes() {
        Random random = new Random(404);
        double[][] window = window(random, 0.8, 0.4);
        int[] actual = outcomes(window[2]);
        ChallengerComparison comparison = ChallengerComparison.of(window[0], window[1], actual, null, 0.85, SETTINGS);

        assertThat(comparison.champion().portfolio().labelled()).isEqualTo(APPLICANTS);
        assertThat(comparison.challenger().portfolio().defaults())
                .isEqualTo(comparison.champion().portfolio().defaults());
        assertThat(comparison.challenger().portfolio().meanPd())
                .isNotEqualTo(comparison.champion().portfolio().meanPd());
        assertThat(comparison.pairedDeLong().aucB()).isGreaterThan(comparison.pairedDeLong().aucA());
        assertThat(comparison.light()).isNotEqualTo(TrafficLight.GREEN);
    }

    @Test
    void tooFewOutcomesOrDefaultsAreNoComparison() {
        assertThat(ChallengerComparison.of(new double[50], new double[50], new int[50], null, 0.85, SETTINGS)).isNull();
        double[] pds = new double[500];
        java.util.Arrays.fill(pds, 0.1);
        int[] fewDefaults = new int[500];
        fewDefaults[0] = 1;
        assertThat(ChallengerComparison.of(pds, pds, fewDefaults, null, 0.85, SETTINGS)).isNull();
    }

    private static int raised(double championNoise, double challengerNoise, long seed) {
        Random random = new Random(seed);
        int raised = 0;
        for (int r = 0; r < REPETITIONS; r++) {
            double[][] window = window(random, championNoise, challengerNoise);
            int[] actual = outcomes(window[2]);
            if (ChallengerComparison.of(window[0], window[1], actual, null, 0.85, SETTINGS).challengerOutperforms()) {
                raised++;
            }
        }
        return raised;
    }

    /** The champion's PDs, the challenger's, and the outcomes (1 default) as doubles. */
    private static double[][] window(Random random, double championNoise, double challengerNoise) {
        double[][] window = new double[3][APPLICANTS];
        for (int i = 0; i < APPLICANTS; i++) {
            double logOdds = -2.2 + random.nextGaussian();
            window[0][i] = sigmoid(logOdds + championNoise * random.nextGaussian());
            window[1][i] = sigmoid(logOdds + challengerNoise * random.nextGaussian());
            window[2][i] = random.nextDouble() < sigmoid(logOdds) ? 1 : 0;
        }
        return window;
    }

    private static int[] outcomes(double[] drawn) {
        int[] actual = new int[drawn.length];
        for (int i = 0; i < drawn.length; i++) {
            actual[i] = (int) drawn[i];
        }
        return actual;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

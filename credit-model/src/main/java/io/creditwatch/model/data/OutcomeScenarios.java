package io.creditwatch.model.data;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Seeded outcomes for served predictions, for the failures a credit-risk validator looks for:
 * outcomes the model no longer ranks (part of them replaced by noise at the same default rate),
 * and outcomes drawn from default probabilities other than the model's (PDs too low for the whole
 * portfolio, or for one grade). Used by the validation scenario tests and the power measurement.
 */
public final class OutcomeScenarios {

    private OutcomeScenarios() {
    }

    /**
     * The given outcomes with a {@code fraction} of them, chosen at random, replaced by draws at
     * the outcomes' own default rate: the rate stays, the ranking power fades.
     */
    public static int[] withNoise(int[] outcomes, double fraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double rate = 0;
        for (int outcome : outcomes) {
            rate += outcome;
        }
        rate /= outcomes.length;
        int[] noisy = outcomes.clone();
        for (int i = 0; i < noisy.length; i++) {
            if (random.nextDouble() < fraction) {
                noisy[i] = random.nextDouble() < rate ? 1 : 0;
            }
        }
        return noisy;
    }

    /** Outcomes drawn with probability {@code truePd.applyAsDouble(i)} for row i (clipped to [0, 1]). */
    public static int[] drawn(int rows, IntToDoubleFunction truePd, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] outcomes = new int[rows];
        for (int i = 0; i < rows; i++) {
            outcomes[i] = random.nextDouble() < Math.min(1, Math.max(0, truePd.applyAsDouble(i))) ? 1 : 0;
        }
        return outcomes;
    }
}

package io.creditwatch.model.data;

import io.creditwatch.model.outcome.SeasoningCurve;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Seeded outcomes for served predictions, for the failures a credit-risk validator looks for:
 * outcomes the model no longer ranks (part of them replaced by noise at the same default rate),
 * and outcomes drawn from default probabilities other than the model's (PDs too low for the whole
 * portfolio, or for one grade), and early defaults of young cohorts. Used by the validation and
 * vintage scenario tests and the power measurement.
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

    /**
     * Dated rows with more early defaults: each row performing today defaults as well with
     * probability {@code extraPd.applyAsDouble(i)}, at a month on book drawn from {@code curve}; a
     * default that would fall after {@code today} has not happened yet and the row stays performing.
     * An extra PD equal to the model's PD for a cohort's rows makes its defaults arrive at about
     * twice its PDs.
     */
    public static List<DatedCreditRecord> withExtraDefaults(List<DatedCreditRecord> rows, IntToDoubleFunction extraPd,
                                                            SeasoningCurve curve, LocalDate today, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DatedCreditRecord> stressed = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            DatedCreditRecord row = rows.get(i);
            double pd = extraPd.applyAsDouble(i);
            if (row.record().label() == 0 && pd > 0 && random.nextDouble() < pd) {
                LocalDate defaulted = DatedCreditGenerator.defaultDate(row.applicationDate(),
                        curve.monthsOnBookAt(random.nextDouble()));
                if (!defaulted.isAfter(today)) {
                    row = new DatedCreditRecord(new CreditRecord(row.record().features(), 1), row.applicationDate(),
                            defaulted);
                }
            }
            stressed.add(row);
        }
        return stressed;
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

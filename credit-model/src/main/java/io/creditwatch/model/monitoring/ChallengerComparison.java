package io.creditwatch.model.monitoring;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.stats.PairedDeLong;
import io.creditwatch.model.stats.TrafficLight;

/**
 * Champion against challenger on the same applicants with mature outcomes: each model's AUC and the
 * paired DeLong test of their difference ({@link PairedDeLong}), one-sided for "the challenger ranks
 * better", with its traffic light; and each model's calibration tests ({@link CreditValidation}
 * over the champion's rating grades, so that both are judged on the same grades; their
 * discrimination is against the champion's AUC at initial validation, the bar both must clear).
 *
 * <p>{@link #challengerOutperforms()} is the rule of the {@code ModelChallengerOutperforms} alert:
 * the one-sided p-value below {@link #OUTPERFORMS_P_VALUE}. Two models that rank equally well
 * raise it in 1% of independent windows; a sliding window evaluated again and again raises it more
 * often, which the alert's {@code for} holds back.
 *
 * @param pairedDeLong the AUCs (A the champion, B the challenger) and their paired test
 * @param light        the one-sided p-value's light: yellow or red is evidence the challenger ranks better
 */
public record ChallengerComparison(PairedDeLong pairedDeLong, TrafficLight light, ValidationReport champion,
                                   ValidationReport challenger) {

    /** The one-sided p-value under which the challenger is taken to rank better. */
    public static final double OUTPERFORMS_P_VALUE = 0.01;

    /**
     * The comparison, or null when the window has fewer than {@code settings.minLabels()} outcomes
     * or fewer than {@code settings.minDefaults()} of either class.
     */
    public static ChallengerComparison of(double[] championPds, double[] challengerPds, int[] actual, MasterScale scale,
                                          double initialAuc, ValidationSettings settings) {
        if (championPds.length != actual.length || challengerPds.length != actual.length) {
            throw new IllegalArgumentException("one outcome per pair of PDs is needed");
        }
        long defaults = 0;
        for (int outcome : actual) {
            defaults += outcome;
        }
        if (actual.length < settings.minLabels() || defaults < settings.minDefaults()
                || actual.length - defaults < settings.minDefaults()) {
            return null;
        }
        PairedDeLong test = PairedDeLong.of(championPds, challengerPds, actual);
        return new ChallengerComparison(test, settings.levels().of(test.pValueBBetter()),
                CreditValidation.validate(championPds, actual, scale, initialAuc, settings),
                CreditValidation.validate(challengerPds, actual, scale, initialAuc, settings));
    }

    /** Whether the challenger ranks significantly better: the alert's rule. */
    public boolean challengerOutperforms() {
        return pairedDeLong.pValueBBetter() < OUTPERFORMS_P_VALUE;
    }
}

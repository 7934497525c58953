package io.creditwatch.model.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * The paired test of two correlated AUCs, two models scored on the same applicants with the same
 * outcomes: DeLong, DeLong and Clarke-Pearson (1988), "Comparing the areas under two or more
 * correlated receiver operating characteristic curves", Biometrics 44, the two-model case (as R's
 * pROC {@code roc.test(method = "delong", paired = TRUE)} computes it).
 *
 * <p>Each applicant has a placement under each model: a defaulter's is the share of payers that
 * model scores lower (a tie one half), a payer's the share of defaulters it scores higher. Over
 * the m defaulters the two models' placements have the sample covariance matrix {@code S10}, over
 * the n payers {@code S01}; the difference {@code aucB - aucA} has the variance
 * {@code (S10_AA + S10_BB - 2 S10_AB) / m + (S01_AA + S01_BB - 2 S01_AB) / n}, and
 * {@code z = (aucB - aucA) / se} is standard normal when the two AUCs are equal. Because both
 * models rank the same applicants their AUCs move together, and the paired variance is much
 * smaller than the sum of the two unpaired ones: a smaller real difference is detected.
 *
 * @param aucA          model A's AUC (the champion, in a champion/challenger comparison)
 * @param aucB          model B's AUC (the challenger)
 * @param standardError the standard error of {@code aucB - aucA}
 */
public record PairedDeLong(double aucA, double aucB, double standardError, long positives, long negatives) {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    /**
     * @throws IllegalArgumentException when the arrays differ in length, a label is not 0 or 1, a
     *                                  score is NaN, or a class has fewer than two members
     */
    public static PairedDeLong of(double[] scoresA, double[] scoresB, int[] labels) {
        if (scoresA.length != labels.length || scoresB.length != labels.length) {
            throw new IllegalArgumentException("the two models' scores and the labels differ in length");
        }
        Placements a = Placements.inInputOrder(scoresA, labels);
        Placements b = Placements.inInputOrder(scoresB, labels);
        int m = a.positive.length;
        int n = a.negative.length;
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("a paired test needs two of each class, got " + m + " positives and "
                    + n + " negatives");
        }
        double aucA = mean(a.positive);
        double aucB = mean(b.positive);
        double variance = differenceVariance(a.positive, b.positive, aucA, aucB) / m
                + differenceVariance(a.negative, b.negative, aucA, aucB) / n;
        return new PairedDeLong(aucA, aucB, Math.sqrt(Math.max(0, variance)), m, n);
    }

    /** {@code aucB - aucA}. */
    public double difference() {
        return aucB - aucA;
    }

    /** {@code (aucB - aucA) / se}; 0 when both rank every pair alike (no difference and no spread). */
    public double z() {
        if (standardError == 0) {
            return difference() == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference());
        }
        return difference() / standardError;
    }

    /** The two-sided p-value of equal AUCs. */
    public double pValue() {
        return 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z()));
    }

    /** The one-sided p-value of "B ranks better than A": small when B's AUC is significantly higher. */
    public double pValueBBetter() {
        return STANDARD_NORMAL.survivalProbability(z());
    }

    /** Sample variance of the per-applicant difference of the two placements: S_AA + S_BB - 2 S_AB. */
    private static double differenceVariance(double[] a, double[] b, double meanA, double meanB) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double difference = (a[i] - meanA) - (b[i] - meanB);
            sum += difference * difference;
        }
        return sum / (a.length - 1);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).sum() / values.length;
    }

    /** One model's placements of each defaulter and each payer, in the order they appear in the input. */
    private record Placements(double[] positive, double[] negative) {

        static Placements inInputOrder(double[] scores, int[] labels) {
            RankingMetrics.Classes classes = RankingMetrics.Classes.split(scores, labels);
            double[] positive = new double[classes.positiveScores().length];
            double[] negative = new double[classes.negativeScores().length];
            for (int i = 0, p = 0, q = 0; i < labels.length; i++) {
                if (labels[i] == 1) {
                    positive[p++] = DeLongAuc.positivePlacement(classes.negativeScores(), scores[i]);
                } else {
                    negative[q++] = DeLongAuc.negativePlacement(classes.positiveScores(), scores[i]);
                }
            }
            return new Placements(positive, negative);
        }
    }
}

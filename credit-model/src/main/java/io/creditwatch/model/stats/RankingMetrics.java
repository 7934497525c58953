package io.creditwatch.model.stats;

import java.util.Arrays;

/**
 * Threshold-free measures of how well scores rank positives (label 1) above negatives:
 * AUC-ROC, Gini and the Kolmogorov-Smirnov statistic. Tied scores are handled exactly
 * (a tie between a positive and a negative counts one half).
 */
public record RankingMetrics(double aucRoc, double ks, long positives, long negatives) {

    /** Gini coefficient, {@code 2 * AUC - 1}. */
    public double gini() {
        return 2 * aucRoc - 1;
    }

    /**
     * Computes the metrics in O(n log n).
     *
     * @throws IllegalArgumentException when the labels are not all 0 or 1, or one class is absent
     */
    public static RankingMetrics of(double[] scores, int[] labels) {
        Classes classes = Classes.split(scores, labels);
        double[] positiveScores = classes.positiveScores();
        double[] negativeScores = classes.negativeScores();
        int positives = positiveScores.length;
        int negatives = negativeScores.length;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("both classes are needed, got " + positives + " positives and "
                    + negatives + " negatives");
        }

        // Walk both sorted lists from the lowest score up, one tied score value at a time.
        double aucNumerator = 0;
        int p = 0;
        int q = 0;
        double ks = 0;
        while (p < positives || q < negatives) {
            double value = Math.min(p < positives ? positiveScores[p] : Double.POSITIVE_INFINITY,
                    q < negatives ? negativeScores[q] : Double.POSITIVE_INFINITY);
            int positivesAt = 0;
            while (p < positives && positiveScores[p] == value) {
                positivesAt++;
                p++;
            }
            int negativesBelow = q;
            while (q < negatives && negativeScores[q] == value) {
                q++;
            }
            aucNumerator += positivesAt * (negativesBelow + (q - negativesBelow) / 2.0);
            ks = Math.max(ks, Math.abs((double) q / negatives - (double) p / positives));
        }
        return new RankingMetrics(aucNumerator / ((double) positives * negatives), ks, positives, negatives);
    }

    /** The scores of the positives and of the negatives, each sorted ascending. */
    record Classes(double[] positiveScores, double[] negativeScores) {

        /** @throws IllegalArgumentException when the labels are not all 0 or 1, or a score is NaN */
        static Classes split(double[] scores, int[] labels) {
            if (scores.length != labels.length) {
                throw new IllegalArgumentException("scores and labels differ in length");
            }
            int positives = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is not 0 or 1");
                }
                if (Double.isNaN(scores[i])) {
                    throw new IllegalArgumentException("score at " + i + " is NaN");
                }
                positives += labels[i];
            }
            double[] positiveScores = new double[positives];
            double[] negativeScores = new double[labels.length - positives];
            for (int i = 0, p = 0, q = 0; i < labels.length; i++) {
                if (labels[i] == 1) {
                    positiveScores[p++] = scores[i];
                } else {
                    negativeScores[q++] = scores[i];
                }
            }
            Arrays.sort(positiveScores);
            Arrays.sort(negativeScores);
            return new Classes(positiveScores, negativeScores);
        }
    }
}

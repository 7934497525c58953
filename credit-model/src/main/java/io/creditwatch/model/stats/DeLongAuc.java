package io.creditwatch.model.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * AUC-ROC with its standard error by DeLong, DeLong and Clarke-Pearson (1988), "Comparing the
 * areas under two or more correlated receiver operating characteristic curves", Biometrics 44.
 *
 * <p>Each positive's placement is the share of negatives it outranks (a tie counts one half),
 * each negative's the share of positives that outrank it; the AUC is the mean of either, and its
 * variance is {@code S10 / m + S01 / n}, with {@code S10} and {@code S01} the sample variances of
 * the m positive and n negative placements. Placements come from binary searches in the sorted
 * scores of the other class: O(n log n).
 */
public record DeLongAuc(double auc, double standardError, long positives, long negatives) {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    /**
     * @throws IllegalArgumentException when a label is not 0 or 1, a score is NaN, or a class has
     *                                  fewer than two members (a variance needs two)
     */
    public static DeLongAuc of(double[] scores, int[] labels) {
        Placements placements = Placements.of(scores, labels);
        int m = placements.positive().length;
        int n = placements.negative().length;
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("a standard error needs two of each class, got " + m + " positives and "
                    + n + " negatives");
        }
        double auc = mean(placements.positive());
        double variance = sampleVariance(placements.positive(), auc) / m
                + sampleVariance(placements.negative(), auc) / n;
        return new DeLongAuc(auc, Math.sqrt(variance), m, n);
    }

    /**
     * Each positive's placement (the share of negatives it outranks, a tie one half) and each
     * negative's (the share of positives that outrank it), in the classes' ascending score order.
     */
    public record Placements(double[] positive, double[] negative) {

        /** @throws IllegalArgumentException when a label is not 0 or 1 or a score is NaN */
        public static Placements of(double[] scores, int[] labels) {
            RankingMetrics.Classes classes = RankingMetrics.Classes.split(scores, labels);
            double[] positiveScores = classes.positiveScores();
            double[] negativeScores = classes.negativeScores();
            int m = positiveScores.length;
            int n = negativeScores.length;
            double[] positive = new double[m];
            for (int i = 0; i < m; i++) {
                positive[i] = positivePlacement(negativeScores, positiveScores[i]);
            }
            double[] negative = new double[n];
            for (int j = 0; j < n; j++) {
                negative[j] = negativePlacement(positiveScores, negativeScores[j]);
            }
            return new Placements(positive, negative);
        }
    }

    /** A positive's placement: the share of the (sorted) negative scores below it, a tie one half. */
    static double positivePlacement(double[] sortedNegatives, double score) {
        int below = lowerBound(sortedNegatives, score);
        int tied = lowerBound(sortedNegatives, Math.nextUp(score)) - below;
        return (below + tied / 2.0) / sortedNegatives.length;
    }

    /** A negative's placement: the share of the (sorted) positive scores above it, a tie one half. */
    static double negativePlacement(double[] sortedPositives, double score) {
        int atOrBelow = lowerBound(sortedPositives, Math.nextUp(score));
        int tied = atOrBelow - lowerBound(sortedPositives, score);
        return (sortedPositives.length - atOrBelow + tied / 2.0) / sortedPositives.length;
    }

    public double gini() {
        return 2 * auc - 1;
    }

    /** Lower end of the two-sided normal confidence interval at {@code confidence} (e.g. 0.95), at least 0. */
    public double lower(double confidence) {
        return Math.max(0, auc - halfWidth(confidence));
    }

    /** Upper end of the two-sided normal confidence interval at {@code confidence}, at most 1. */
    public double upper(double confidence) {
        return Math.min(1, auc + halfWidth(confidence));
    }

    private double halfWidth(double confidence) {
        return STANDARD_NORMAL.inverseCumulativeProbability(0.5 + confidence / 2) * standardError;
    }

    /**
     * The one-sided test of this AUC against the AUC at initial validation (the ECB's
     * instructions for reporting the validation results of internal models, 2019, section on
     * the "current AUC vs. AUC at initial validation"): {@code S = (initial - auc) / se}, and the
     * p-value {@code 1 - Phi(S)} is small when the current AUC is significantly lower. The
     * initial AUC is taken as fixed.
     */
    public double pValueAgainst(double initialAuc) {
        if (standardError == 0) {
            return auc < initialAuc ? 0 : 1;
        }
        return STANDARD_NORMAL.survivalProbability((initialAuc - auc) / standardError);
    }

    /** The first index whose value is not below {@code key} in a sorted array. */
    private static int lowerBound(double[] sorted, double key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).sum() / values.length;
    }

    private static double sampleVariance(double[] values, double mean) {
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return sum / (values.length - 1);
    }
}

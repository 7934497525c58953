package io.creditwatch.model.stats;

/**
 * Counts of a binary classifier's decisions against the truth (positive = default = 1), and the
 * measures derived from them. A measure whose denominator is zero is {@link Double#NaN}: it is
 * undefined, not zero.
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public static ConfusionMatrix of(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("predicted and actual differ in length");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < predicted.length; i++) {
            boolean predictedPositive = predicted[i] == 1;
            boolean actualPositive = actual[i] == 1;
            if (predictedPositive && actualPositive) {
                tp++;
            } else if (predictedPositive) {
                fp++;
            } else if (actualPositive) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /** Decisions at {@code threshold}: a score at or above it is predicted positive. */
    public static ConfusionMatrix atThreshold(double[] scores, int[] actual, double threshold) {
        int[] predicted = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            predicted[i] = scores[i] >= threshold ? 1 : 0;
        }
        return of(predicted, actual);
    }

    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** Harmonic mean of precision and recall: {@code 2TP / (2TP + FP + FN)}. */
    public double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}

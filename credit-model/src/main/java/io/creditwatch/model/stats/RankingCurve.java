package io.creditwatch.model.stats;

import java.util.Arrays;

/**
 * The ROC curve and the CAP (cumulative accuracy profile, or Lorenz) curve of scores against
 * labels (1: default), as one list of cut-offs: the applicants scoring at or above each cut-off
 * are called defaults. Point {@code i} is the share of all applicants above the cut-off
 * ({@code populationShare}), the share of the non-defaults among them ({@code falsePositiveRate})
 * and the share of the defaults ({@code truePositiveRate}); the ROC curve plots the last against
 * the second, the CAP curve against the first. The points run from (0, 0) to (1, 1), one per
 * distinct score from the highest down, so tied scores make one straight segment; a curve with more
 * vertices than asked for keeps that many of them, evenly spaced along the list, the first and the
 * last always among them. Drawing the kept points joins vertices of the exact curve, so its area
 * is close to the AUC (equal when nothing is dropped) and never the source of a published figure.
 */
public record RankingCurve(double[] populationShare, double[] falsePositiveRate, double[] truePositiveRate) {

    /** The most points a model card and the validation report keep of a curve. */
    public static final int REPORT_POINTS = 101;

    public RankingCurve {
        if (populationShare.length != falsePositiveRate.length || populationShare.length != truePositiveRate.length) {
            throw new IllegalArgumentException("the curve's coordinates differ in length");
        }
    }

    /** Equal when the points are: a card read back equals the card written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RankingCurve curve && Arrays.equals(populationShare, curve.populationShare)
                && Arrays.equals(falsePositiveRate, curve.falsePositiveRate)
                && Arrays.equals(truePositiveRate, curve.truePositiveRate);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(populationShare) + Arrays.hashCode(falsePositiveRate))
                + Arrays.hashCode(truePositiveRate);
    }

    @Override
    public String toString() {
        return "RankingCurve[" + size() + " points]";
    }

    public int size() {
        return populationShare.length;
    }

    /** The area under the drawn ROC curve, by the trapezoidal rule. */
    public double rocArea() {
        double area = 0;
        for (int i = 1; i < size(); i++) {
            area += (falsePositiveRate[i] - falsePositiveRate[i - 1]) * (truePositiveRate[i] + truePositiveRate[i - 1])
                    / 2;
        }
        return area;
    }

    /** The area under the drawn CAP curve, by the trapezoidal rule (0.5 for a random ranking). */
    public double capArea() {
        double area = 0;
        for (int i = 1; i < size(); i++) {
            area += (populationShare[i] - populationShare[i - 1]) * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2;
        }
        return area;
    }

    /**
     * @param maxPoints at least 2: the most points kept
     * @throws IllegalArgumentException when the labels are not all 0 or 1, a score is NaN, or one class is absent
     */
    public static RankingCurve of(double[] scores, int[] labels, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, asked for " + maxPoints);
        }
        RankingMetrics.Classes classes = RankingMetrics.Classes.split(scores, labels);
        double[] positive = classes.positiveScores();
        double[] negative = classes.negativeScores();
        int positives = positive.length;
        int negatives = negative.length;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("both classes are needed, got " + positives + " positives and "
                    + negatives + " negatives");
        }
        int total = positives + negatives;
        // Both lists are sorted ascending: walk them from the highest score down, one tied value at a time.
        double[] population = new double[total + 1];
        double[] falsePositive = new double[total + 1];
        double[] truePositive = new double[total + 1];
        int vertices = 1;
        int p = positives;
        int q = negatives;
        while (p > 0 || q > 0) {
            double value = Math.max(p > 0 ? positive[p - 1] : Double.NEGATIVE_INFINITY,
                    q > 0 ? negative[q - 1] : Double.NEGATIVE_INFINITY);
            while (p > 0 && positive[p - 1] == value) {
                p--;
            }
            while (q > 0 && negative[q - 1] == value) {
                q--;
            }
            int truePositives = positives - p;
            int falsePositives = negatives - q;
            population[vertices] = (double) (truePositives + falsePositives) / total;
            falsePositive[vertices] = (double) falsePositives / negatives;
            truePositive[vertices] = (double) truePositives / positives;
            vertices++;
        }
        if (vertices <= maxPoints) {
            return new RankingCurve(Arrays.copyOf(population, vertices), Arrays.copyOf(falsePositive, vertices),
                    Arrays.copyOf(truePositive, vertices));
        }
        double[] keptPopulation = new double[maxPoints];
        double[] keptFalsePositive = new double[maxPoints];
        double[] keptTruePositive = new double[maxPoints];
        for (int j = 0; j < maxPoints; j++) {
            int i = (int) Math.round((double) j * (vertices - 1) / (maxPoints - 1));
            keptPopulation[j] = population[i];
            keptFalsePositive[j] = falsePositive[i];
            keptTruePositive[j] = truePositive[i];
        }
        return new RankingCurve(keptPopulation, keptFalsePositive, keptTruePositive);
    }
}

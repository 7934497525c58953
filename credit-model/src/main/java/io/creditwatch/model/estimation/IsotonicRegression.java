package io.creditwatch.model.estimation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A non-decreasing map from a served probability to the default rate observed at it, fitted by
 * pool-adjacent-violators (Ayer et al. 1955; Barlow et al., "Statistical inference under order
 * restrictions", 1972), as scikit-learn's {@code IsotonicRegression(out_of_bounds="clip")} that
 * NannyML's CBPE calibrates with.
 *
 * <p>Rows with the same probability are pooled first (their mean label, weighted by their count),
 * then adjacent blocks whose means decrease are merged into their weighted mean until the means
 * are non-decreasing. The map keeps, for each block, its lowest and highest probability with the
 * block's mean (one point when they are equal); between points it interpolates linearly, outside
 * them it takes the nearest end's value.
 *
 * @param thresholds the probabilities of the map's points, strictly increasing
 * @param values the calibrated probability at each threshold, non-decreasing
 */
public record IsotonicRegression(List<Double> thresholds, List<Double> values) {

    public IsotonicRegression {
        thresholds = List.copyOf(thresholds);
        values = List.copyOf(values);
        if (thresholds.isEmpty() || thresholds.size() != values.size()) {
            throw new IllegalArgumentException(
                    "an isotonic map needs as many values as thresholds, and at least one; got "
                            + thresholds.size() + " thresholds and " + values.size() + " values");
        }
        for (int i = 1; i < thresholds.size(); i++) {
            if (!(thresholds.get(i) > thresholds.get(i - 1)) || values.get(i) < values.get(i - 1)) {
                throw new IllegalArgumentException("an isotonic map's thresholds must increase and its values not "
                        + "decrease; point " + i + " breaks this");
            }
        }
    }

    /** @throws IllegalArgumentException when the lengths differ, there are no rows, a label is not 0 or 1, a score is NaN */
    public static IsotonicRegression fit(double[] scores, int[] labels) {
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException("isotonic regression needs one label per score and at least one row");
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i]) || (labels[i] != 0 && labels[i] != 1)) {
                throw new IllegalArgumentException("row " + i + ": a score must be a number and a label 0 or 1");
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        // blocks on a stack: lowest and highest score, summed labels, rows
        double[] low = new double[scores.length];
        double[] high = new double[scores.length];
        double[] sum = new double[scores.length];
        double[] weight = new double[scores.length];
        int blocks = 0;
        for (int k = 0; k < order.length; k++) {
            double score = scores[order[k]];
            int label = labels[order[k]];
            if (blocks > 0 && high[blocks - 1] == score) {
                sum[blocks - 1] += label;
                weight[blocks - 1]++;
            } else {
                low[blocks] = score;
                high[blocks] = score;
                sum[blocks] = label;
                weight[blocks] = 1;
                blocks++;
            }
            boolean tiedWithNext = k + 1 < order.length && scores[order[k + 1]] == score;
            while (!tiedWithNext && blocks > 1
                    && sum[blocks - 2] / weight[blocks - 2] >= sum[blocks - 1] / weight[blocks - 1]) {
                high[blocks - 2] = high[blocks - 1];
                sum[blocks - 2] += sum[blocks - 1];
                weight[blocks - 2] += weight[blocks - 1];
                blocks--;
            }
        }
        List<Double> thresholds = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            double mean = sum[b] / weight[b];
            thresholds.add(low[b]);
            values.add(mean);
            if (high[b] > low[b]) {
                thresholds.add(high[b]);
                values.add(mean);
            }
        }
        return new IsotonicRegression(thresholds, values);
    }

    /** The calibrated probability of a served one. */
    public double apply(double score) {
        int last = thresholds.size() - 1;
        if (score <= thresholds.get(0)) {
            return values.get(0);
        }
        if (score >= thresholds.get(last)) {
            return values.get(last);
        }
        int low = 0;
        int high = last;
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (thresholds.get(middle) <= score) {
                low = middle;
            } else {
                high = middle;
            }
        }
        double x0 = thresholds.get(low);
        double x1 = thresholds.get(high);
        double y0 = values.get(low);
        double y1 = values.get(high);
        return y0 + (y1 - y0) * (score - x0) / (x1 - x0);
    }

    public double[] apply(double[] scores) {
        double[] calibrated = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            calibrated[i] = apply(scores[i]);
        }
        return calibrated;
    }
}

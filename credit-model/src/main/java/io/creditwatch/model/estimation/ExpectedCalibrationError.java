package io.creditwatch.model.estimation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The expected calibration error of probabilities against outcomes: the rows are ranked by
 * probability and cut into bins of equal row counts (the last bin takes the remainder), and the
 * ECE is {@code sum over bins of (rows_b / rows) * |mean probability_b - default rate_b|}.
 *
 * <p>Equal-count bins, not equal-width ones: a credit portfolio's PDs crowd at the bottom of the
 * scale (at the hold-out's 6.7% default rate about nine rows in ten are below 0.1), so ten
 * equal-width bins would put almost every row into one bin and measure nothing of the shape of
 * the curve there. NannyML does the same: its {@code needs_calibration} cuts the sorted
 * probabilities at equal row counts ({@code _get_bin_index_edges} in {@code nannyml/calibration.py}).
 * Like NannyML, fewer than two rows per bin shrink the number of bins to {@code rows / 2}.
 */
final class ExpectedCalibrationError {

    /** The number of bins NannyML's decision uses, and this one's. */
    static final int DEFAULT_BINS = 10;

    private ExpectedCalibrationError() {
    }

    /** @throws IllegalArgumentException with fewer than four rows (two bins of two) or mismatched lengths */
    static double of(double[] probabilities, int[] labels, int bins) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("probabilities and labels differ in length");
        }
        int rows = probabilities.length;
        int binCount = rows <= 2 * bins ? rows / 2 : bins;
        if (binCount < 2) {
            throw new IllegalArgumentException("an ECE needs two bins of two rows, got " + rows + " rows");
        }
        Integer[] order = IntStream.range(0, rows).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> probabilities[i]));
        int binRows = rows / binCount;
        double error = 0;
        for (int b = 0; b < binCount; b++) {
            int from = b * binRows;
            int to = b == binCount - 1 ? rows : from + binRows;
            double probabilitySum = 0;
            double defaults = 0;
            for (int k = from; k < to; k++) {
                probabilitySum += probabilities[order[k]];
                defaults += labels[order[k]];
            }
            error += Math.abs(probabilitySum - defaults) / rows;
        }
        return error;
    }
}

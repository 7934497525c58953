package io.creditwatch.model.estimation;

/**
 * What the hold-out says about a metric's sampling error, as NannyML's CBPE derives it
 * ({@code nannyml/sampling_error/binary_classification.py}, the "modified standard error of the
 * mean"): the metric is written as a mean of per-row contributions over the rows it is a mean
 * of, {@code standardDeviation} is the population standard deviation of those contributions on
 * the hold-out and {@code fraction} the share of all rows they are; a window of {@code n} rows
 * then has the standard error {@code standardDeviation / sqrt(n * fraction)}.
 *
 * <p>The contributions, per metric: accuracy, each row's correctness (fraction 1); precision,
 * each predicted default's correctness (fraction: the predicted-default share); recall, each
 * actual default's detection (fraction: the default rate); F1, 1 for a true positive and 0 for a
 * false positive or false negative, scaled by {@code rows / (TP + (FP + FN) / 2)} (fraction: their
 * share); AUC, each row of the minority class's placement among the other class (the
 * Mann-Whitney form of the AUC; the DeLong term of that class); the default rate, each row's
 * label (fraction 1: the binomial standard error), which NannyML does not estimate.
 *
 * <p>The fraction is the hold-out's, not the window's: under a shift that raises the default rate
 * the window holds more defaults than the formula assumes and its band is wider than needed (in
 * the scenario test, a window at 11% defaults against a hold-out at 6.7% gets an AUC standard
 * error of 0.011 where DeLong's is about 0.009).
 */
public record SamplingError(double standardDeviation, double fraction) {

    /** The standard error of the metric on a window of {@code rows} rows; NaN when the hold-out had none of its rows. */
    public double standardError(long rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("a window has rows, got " + rows);
        }
        return fraction > 0 ? standardDeviation / Math.sqrt(rows * fraction) : Double.NaN;
    }

    /** The population standard deviation of the contributions, and their share of all {@code rows}. */
    static SamplingError of(double[] values, int rows) {
        if (values.length == 0) {
            return new SamplingError(Double.NaN, 0);
        }
        double mean = 0;
        for (double value : values) {
            mean += value;
        }
        mean /= values.length;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new SamplingError(Math.sqrt(squares / values.length), (double) values.length / rows);
    }
}

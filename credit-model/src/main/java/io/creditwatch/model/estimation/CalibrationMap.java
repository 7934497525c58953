package io.creditwatch.model.estimation;

import org.apache.commons.statistics.distribution.TDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The map from a served probability to a calibrated probability of default that confidence-based
 * performance estimation rests on, fitted on the labelled hold-out at train and import time, with
 * the hold-out figures the estimator's sampling band needs ({@link EstimationReference}).
 *
 * <p>The method is isotonic regression ({@link IsotonicRegression}) when it lowers the hold-out's
 * expected calibration error out of sample, and none (the served probability as it is) when it
 * does not: the hold-out is cut into {@value #FOLDS} stratified folds; for each, the regression
 * is fitted on the other nine, and the ECE over {@value ExpectedCalibrationError#DEFAULT_BINS}
 * equal-count bins of the fold's served probabilities is compared with that of its isotonic ones.
 * Isotonic regression is used when the folds' gains are significant (one-sided paired t-test
 * across the folds at {@value #SIGNIFICANCE}); the map used is then fitted on the whole hold-out.
 *
 * <p>NannyML's {@code needs_calibration} ({@code nannyml/calibration.py}) pools ten 90/10 splits and
 * calibrates as soon as the pooled ECE is lower at all. That is a coin toss for a calibrated
 * model: both ECEs are then sampling noise of the same size (on 20,000 rows at a 7% rate, about
 * 0.004 each), and the pooled rule chose isotonic regression for calibrated outcomes on 5 of 10
 * seeds in numpy and 10 of 12 here; the test across folds asks for a gain larger than that noise
 * (none on 20 of 20 seeds, {@code CalibrationMapTests}). In a numpy trial on 20,000 rows it still
 * calibrates PDs 20% too low (t of 3 to 8) and leaves 10% too low to chance.
 *
 * @param method {@value #ISOTONIC} or {@value #NONE}
 * @param reason why, with the two ECEs, in words
 * @param eceUncalibrated the served probabilities' ECE, mean over the held-out folds
 * @param eceCalibrated the isotonic probabilities' ECE, mean over the held-out folds (fitted on the other folds)
 * @param improvementPValue the one-sided p-value of the folds' ECE gain
 * @param thresholds the isotonic map's points (empty for {@value #NONE})
 * @param values the calibrated probability at each point (empty for {@value #NONE})
 */
public record CalibrationMap(String method, String reason, int folds, int eceBins, double eceUncalibrated,
                             double eceCalibrated, double improvementPValue, List<Double> thresholds,
                             List<Double> values,
                             EstimationReference reference) {

    public static final String ISOTONIC = "isotonic";
    public static final String NONE = "none";
    public static final int FOLDS = 10;
    /** The level at which the folds' ECE gain must be significant for isotonic regression to be used. */
    public static final double SIGNIFICANCE = 0.05;
    /** The seed of the folds: the same hold-out gives the same map. */
    static final long FOLD_SEED = 42;

    public CalibrationMap {
        thresholds = List.copyOf(thresholds);
        values = List.copyOf(values);
        if (!ISOTONIC.equals(method) && !NONE.equals(method)) {
            throw new IllegalArgumentException(
                    "a calibration method is " + ISOTONIC + " or " + NONE + ", got " + method);
        }
        if (NONE.equals(method) != thresholds.isEmpty()) {
            throw new IllegalArgumentException("an isotonic calibration has points, none has none");
        }
        if (ISOTONIC.equals(method)) {
            new IsotonicRegression(thresholds, values);
        }
    }

    /**
     * Fits the map to a hold-out's served probabilities and labels and records the reference
     * figures at the serving threshold.
     *
     * @throws IllegalArgumentException when a class has fewer rows than there are folds
     */
    public static CalibrationMap fit(double[] scores, int[] labels, double threshold) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        int[] fold = stratifiedFolds(labels);
        int bins = ExpectedCalibrationError.DEFAULT_BINS;
        double[] served = new double[FOLDS];
        double[] isotonic = new double[FOLDS];
        for (int k = 0; k < FOLDS; k++) {
            final int test = k;
            int[] trainRows = IntStream.range(0, scores.length).filter(i -> fold[i] != test).toArray();
            int[] testRows = IntStream.range(0, scores.length).filter(i -> fold[i] == test).toArray();
            IsotonicRegression regression = IsotonicRegression.fit(select(scores, trainRows),
                    select(labels, trainRows));
            double[] testScores = select(scores, testRows);
            int[] testLabels = select(labels, testRows);
            served[k] = ExpectedCalibrationError.of(testScores, testLabels, bins);
            isotonic[k] = ExpectedCalibrationError.of(regression.apply(testScores), testLabels, bins);
        }
        double eceServed = mean(served);
        double eceIsotonic = mean(isotonic);
        double pValue = improvementPValue(served, isotonic);
        EstimationReference reference = EstimationReference.of(scores, labels, threshold);
        String comparison = String.format(Locale.ROOT, "ECE (%d equal-count bins) of the held-out fold in %d-fold "
                + "cross-validation on %d hold-out rows: %.4f served, %.4f isotonic, one-sided p = %.3g", bins, FOLDS,
                scores.length, eceServed, eceIsotonic, pValue);
        if (pValue <= SIGNIFICANCE) {
            IsotonicRegression regression = IsotonicRegression.fit(scores, labels);
            return new CalibrationMap(ISOTONIC, "isotonic regression lowers the " + comparison, FOLDS, bins,
                    eceServed, eceIsotonic, pValue, regression.thresholds(), regression.values(), reference);
        }
        return new CalibrationMap(NONE, "isotonic regression does not significantly lower the " + comparison
                + "; the served probabilities are taken as calibrated", FOLDS, bins, eceServed, eceIsotonic, pValue,
                List.of(), List.of(), reference);
    }

    /**
     * The paired t-test, across folds, that isotonic regression lowers the ECE: one-sided, on the
     * folds' differences served minus isotonic, with {@code FOLDS - 1} degrees of freedom.
     */
    private static double improvementPValue(double[] served, double[] isotonic) {
        double[] gain = new double[FOLDS];
        for (int k = 0; k < FOLDS; k++) {
            gain[k] = served[k] - isotonic[k];
        }
        double mean = mean(gain);
        double squares = 0;
        for (double g : gain) {
            squares += (g - mean) * (g - mean);
        }
        double standardError = Math.sqrt(squares / (FOLDS - 1) / FOLDS);
        if (standardError == 0) {
            return mean > 0 ? 0 : 1;
        }
        return TDistribution.of(FOLDS - 1).survivalProbability(mean / standardError);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double[] select(double[] values, int[] rows) {
        return IntStream.of(rows).mapToDouble(i -> values[i]).toArray();
    }

    private static int[] select(int[] values, int[] rows) {
        return IntStream.of(rows).map(i -> values[i]).toArray();
    }

    /** The calibrated probability of default of a served probability. */
    public double calibrate(double score) {
        return NONE.equals(method) ? score : new IsotonicRegression(thresholds, values).apply(score);
    }

    public double[] calibrate(double[] scores) {
        return NONE.equals(method) ? scores.clone() : new IsotonicRegression(thresholds, values).apply(scores);
    }

    /** Each row's fold: each class shuffled and dealt round the folds, so every fold holds its share of defaults. */
    private static int[] stratifiedFolds(int[] labels) {
        SplittableRandom random = new SplittableRandom(FOLD_SEED);
        int[] fold = new int[labels.length];
        for (int label = 0; label <= 1; label++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label) {
                    rows.add(i);
                } else if (labels[i] != 0 && labels[i] != 1) {
                    throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is not 0 or 1");
                }
            }
            if (rows.size() < FOLDS) {
                throw new IllegalArgumentException("calibration needs at least " + FOLDS + " rows of each class, label "
                        + label + " has " + rows.size());
            }
            for (int i = rows.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, swap);
            }
            for (int k = 0; k < rows.size(); k++) {
                fold[rows.get(k)] = k % FOLDS;
            }
        }
        return fold;
    }
}

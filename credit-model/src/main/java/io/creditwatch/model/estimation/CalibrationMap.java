package io.creditwatch.model.estimation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The map from a served probability to a calibrated probability of default that confidence-based
 * performance estimation rests on, fitted on the labelled hold-out at train and import time, with
 * the hold-out figures the estimator's sampling band needs ({@link EstimationReference}).
 *
 * <p>The method is isotonic regression ({@link IsotonicRegression}) when it lowers the hold-out's
 * expected calibration error out of sample, and none (the served probability as it is) when it
 * does not: the hold-out is cut into {@value #FOLDS} stratified folds, each fold's rows are
 * calibrated by the regression fitted on the other nine, and the ECE of these out-of-fold
 * probabilities is compared with the served probabilities' ECE on the same rows, both over
 * {@value ExpectedCalibrationError#DEFAULT_BINS} equal-count bins. This is NannyML's
 * {@code needs_calibration} (which pools ten stratified 90/10 shuffle splits, so that a row may
 * be tested twice or never; folds test each row once). The map used is then fitted on the whole
 * hold-out.
 *
 * @param method {@value #ISOTONIC} or {@value #NONE}
 * @param reason why, with the two ECEs, in words
 * @param eceUncalibrated the served probabilities' ECE on the hold-out
 * @param eceCalibrated the out-of-fold isotonic probabilities' ECE on the hold-out
 * @param thresholds the isotonic map's points (empty for {@value #NONE})
 * @param values the calibrated probability at each point (empty for {@value #NONE})
 */
public record CalibrationMap(String method, String reason, int folds, int eceBins, double eceUncalibrated,
                             double eceCalibrated, List<Double> thresholds, List<Double> values,
                             EstimationReference reference) {

    public static final String ISOTONIC = "isotonic";
    public static final String NONE = "none";
    public static final int FOLDS = 10;
    /** The seed of the folds: the same hold-out gives the same map. */
    static final long FOLD_SEED = 42;

    public CalibrationMap {
        thresholds = List.copyOf(thresholds);
        values = List.copyOf(values);
        if (!ISOTONIC.equals(method) && !NONE.equals(method)) {
            throw new IllegalArgumentException("a calibration method is " + ISOTONIC + " or " + NONE + ", got " + method);
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
        double[] outOfFold = new double[scores.length];
        for (int k = 0; k < FOLDS; k++) {
            List<Integer> trainRows = new ArrayList<>();
            List<Integer> testRows = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                (fold[i] == k ? testRows : trainRows).add(i);
            }
            IsotonicRegression regression = IsotonicRegression.fit(
                    trainRows.stream().mapToDouble(i -> scores[i]).toArray(),
                    trainRows.stream().mapToInt(i -> labels[i]).toArray());
            for (int i : testRows) {
                outOfFold[i] = regression.apply(scores[i]);
            }
        }
        int bins = ExpectedCalibrationError.DEFAULT_BINS;
        double uncalibrated = ExpectedCalibrationError.of(scores, labels, bins);
        double calibrated = ExpectedCalibrationError.of(outOfFold, labels, bins);
        EstimationReference reference = EstimationReference.of(scores, labels, threshold);
        String comparison = String.format(Locale.ROOT, "ECE over %d equal-count bins in %d-fold cross-validation on the "
                + "%d hold-out rows: %.4f served, %.4f isotonic out of fold", bins, FOLDS, scores.length, uncalibrated,
                calibrated);
        if (calibrated < uncalibrated) {
            IsotonicRegression regression = IsotonicRegression.fit(scores, labels);
            return new CalibrationMap(ISOTONIC, "isotonic regression lowers the " + comparison, FOLDS, bins,
                    uncalibrated, calibrated, regression.thresholds(), regression.values(), reference);
        }
        return new CalibrationMap(NONE, "isotonic regression does not lower the " + comparison
                + "; the served probabilities are taken as calibrated", FOLDS, bins, uncalibrated, calibrated,
                List.of(), List.of(), reference);
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

package io.creditwatch.model.estimation;

import io.creditwatch.model.bundle.ModelCard;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Confidence-based performance estimation (CBPE; NannyML's {@code nannyml/performance_estimation/
 * confidence_based/metrics.py}; Kivimäki et al. 2025, as issue 19 cites them): the performance of served predictions whose
 * outcomes are not known yet, from their calibrated probabilities of default. If the calibrated
 * PD {@code c_i} of row i is its true default probability, the expected confusion matrix at the
 * threshold is {@code TP = sum of c_i}, {@code FP = sum of (1 - c_i)} over the rows predicted to
 * default (served probability at or above the threshold), {@code FN = sum of c_i},
 * {@code TN = sum of (1 - c_i)} over the others; accuracy, precision, recall and F1 are its
 * ratios, and the expected default rate is the mean {@code c_i}. The expected ROC curve ranks the
 * rows by served probability and lets each add {@code c_i} to the positives and {@code 1 - c_i}
 * to the negatives; its area, by trapezoids over the distinct served values (tied rows make one
 * step, a tie counting one half as in the realized AUC), is the expected AUC.
 *
 * <p>The estimate holds under covariate shift (the applicants change, the PD given the features
 * does not) and cannot see concept drift (the PD given the features changes): a realized value
 * outside the band once outcomes mature is its sign. Two departures from NannyML: an undefined
 * ratio is NaN, not 0; and NannyML orders tied rows arbitrarily, not as one step.
 */
public final class PerformanceEstimator {

    /**
     * The smallest window estimated: at the hold-out's 6.7% default rate 1,000 rows expect about 67
     * defaults, and the AUC's band is then about ±0.07 (3 standard errors, the defaults' placements
     * having a standard deviation near 0.2), still narrower than the 0.1 of AUC between a sound and
     * a failing credit model; with fewer rows the band is wider than what it is there to detect, and
     * its normal approximation over a few dozen defaults is poor.
     */
    public static final int MIN_WINDOW_ROWS = 1000;
    /** The band's half-width in standard errors: NannyML's {@code SAMPLING_ERROR_RANGE}. */
    public static final double BAND_STANDARD_ERRORS = 3;
    /** Why a card's model has no estimates: it records no calibration map. */
    public static final String NO_CALIBRATION_MAP = "the model card has no calibration map (it was "
            + "written before performance estimation): train or import the model again to estimate its performance "
            + "before outcomes mature";

    private final CalibrationMap calibration;
    private final double threshold;

    public PerformanceEstimator(CalibrationMap calibration, double threshold) {
        if (calibration == null) {
            throw new IllegalArgumentException(NO_CALIBRATION_MAP);
        }
        this.calibration = calibration;
        this.threshold = threshold;
    }

    /**
     * The estimator of a card's model at the card's cut-off (its threshold in a card written before
     * cut-offs), or empty ({@link #NO_CALIBRATION_MAP}) without a map.
     */
    public static Optional<PerformanceEstimator> forCard(ModelCard card) {
        return forCard(card, card.cutOff().pd());
    }

    /** The estimator of a card's model at a PD cut-off, or empty ({@link #NO_CALIBRATION_MAP}) without a map. */
    public static Optional<PerformanceEstimator> forCard(ModelCard card, double cutOffPd) {
        return card.calibration() == null ? Optional.empty()
                : Optional.of(new PerformanceEstimator(card.calibration(), cutOffPd));
    }

    /**
     * @param servedProbabilities the window's served probabilities of default
     * @throws IllegalArgumentException with fewer than {@link #MIN_WINDOW_ROWS} rows, or a NaN probability
     */
    public PerformanceEstimate estimate(double[] servedProbabilities) {
        int rows = servedProbabilities.length;
        if (rows < MIN_WINDOW_ROWS) {
            throw new IllegalArgumentException("an estimate needs at least " + MIN_WINDOW_ROWS + " rows, got " + rows);
        }
        for (double probability : servedProbabilities) {
            if (Double.isNaN(probability)) {
                throw new IllegalArgumentException("a served probability is NaN");
            }
        }
        double[] pd = calibration.calibrate(servedProbabilities);
        double truePositives = 0;
        double falsePositives = 0;
        double falseNegatives = 0;
        double trueNegatives = 0;
        for (int i = 0; i < rows; i++) {
            if (servedProbabilities[i] >= threshold) {
                truePositives += pd[i];
                falsePositives += 1 - pd[i];
            } else {
                falseNegatives += pd[i];
                trueNegatives += 1 - pd[i];
            }
        }
        EstimationReference reference = calibration.reference();
        return new PerformanceEstimate(rows,
                estimate(expectedAuc(servedProbabilities, pd), reference.aucRoc(), rows),
                estimate((truePositives + trueNegatives) / rows, reference.accuracy(), rows),
                estimate(ratio(truePositives, truePositives + falsePositives), reference.precision(), rows),
                estimate(ratio(truePositives, truePositives + falseNegatives), reference.recall(), rows),
                estimate(ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives), reference.f1(),
                        rows),
                estimate((truePositives + falseNegatives) / rows, reference.defaultRate(), rows));
    }

    /**
     * The area under the expected ROC curve of rows ranked by {@code scores} with default
     * probabilities {@code pd}; NaN when the expected positives or negatives are zero.
     */
    static double expectedAuc(double[] scores, double[] pd) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double positives = 0;
        double negatives = 0;
        double area = 0;
        int k = 0;
        while (k < order.length) {
            double value = scores[order[k]];
            double stepPositives = 0;
            double stepNegatives = 0;
            while (k < order.length && scores[order[k]] == value) {
                stepPositives += pd[order[k]];
                stepNegatives += 1 - pd[order[k]];
                k++;
            }
            area += stepNegatives * (positives + stepPositives / 2);
            positives += stepPositives;
            negatives += stepNegatives;
        }
        return positives > 0 && negatives > 0 ? area / (positives * negatives) : Double.NaN;
    }

    private static PerformanceEstimate.Estimate estimate(double value, SamplingError error, long rows) {
        return new PerformanceEstimate.Estimate(value, error.standardError(rows));
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}

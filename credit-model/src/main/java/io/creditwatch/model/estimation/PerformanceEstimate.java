package io.creditwatch.model.estimation;

/**
 * The expected performance of a window of served probabilities, each with its sampling band:
 * AUC-ROC; accuracy, precision, recall and F1 at the serving threshold; the default rate.
 */
public record PerformanceEstimate(long rows, Estimate aucRoc, Estimate accuracy, Estimate precision, Estimate recall,
                                  Estimate f1, Estimate defaultRate) {

    /**
     * An estimated value and its standard error; the band is {@code value ± 3 standardError}
     * (NannyML's {@code SAMPLING_ERROR_RANGE}), clipped to [0, 1]. The value is NaN when undefined
     * (no expected defaults among the predicted ones, say), the standard error when the hold-out
     * had no rows of its kind.
     */
    public record Estimate(double value, double standardError) {

        public double lower() {
            return Math.max(0, value - PerformanceEstimator.BAND_STANDARD_ERRORS * standardError);
        }

        public double upper() {
            return Math.min(1, value + PerformanceEstimator.BAND_STANDARD_ERRORS * standardError);
        }

        /** Whether a realized value is inside the band. */
        public boolean covers(double realized) {
            return realized >= lower() && realized <= upper();
        }
    }
}

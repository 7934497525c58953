package io.creditwatch.store;

import io.creditwatch.model.schema.Feature;

/**
 * One served prediction as captured: the features as received ({@link Double#NaN} where missing,
 * indexed by {@link Feature} ordinal), what the model said, and the reasons it was answered with
 * (the JSON array of the answer's {@code reasons}; null when the decision was not explained), and
 * what the challenger said in the shadow (null when none was loaded).
 */
public record CapturedPrediction(String predictionId, String requestId, long predictedAtMillis, String modelVersion,
                                 double[] features, double probability, int predictedClass, long creditScore,
                                 String riskBand, String reasons, ChallengerPrediction challenger) {

    /** A prediction made without a challenger. */
    public CapturedPrediction(String predictionId, String requestId, long predictedAtMillis, String modelVersion,
                              double[] features, double probability, int predictedClass, long creditScore,
                              String riskBand, String reasons) {
        this(predictionId, requestId, predictedAtMillis, modelVersion, features, probability, predictedClass,
                creditScore, riskBand, reasons, null);
    }

    /** A prediction answered without reasons. */
    public CapturedPrediction(String predictionId, String requestId, long predictedAtMillis, String modelVersion,
                              double[] features, double probability, int predictedClass, long creditScore,
                              String riskBand) {
        this(predictionId, requestId, predictedAtMillis, modelVersion, features, probability, predictedClass,
                creditScore, riskBand, null);
    }
}

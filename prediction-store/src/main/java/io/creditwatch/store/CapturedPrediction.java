package io.creditwatch.store;

import io.creditwatch.model.schema.Feature;

/**
 * One served prediction as captured: the features as received ({@link Double#NaN} where missing,
 * indexed by {@link Feature} ordinal), what the model said, and the reasons it was answered with
 * (the JSON array of the answer's {@code reasons}; null when the decision was not explained).
 */
public record CapturedPrediction(String predictionId, String requestId, long predictedAtMillis, String modelVersion,
                                 double[] features, double probability, int predictedClass, long creditScore,
                                 String riskBand, String reasons) {

    /** A prediction answered without reasons. */
    public CapturedPrediction(String predictionId, String requestId, long predictedAtMillis, String modelVersion,
                              double[] features, double probability, int predictedClass, long creditScore,
                              String riskBand) {
        this(predictionId, requestId, predictedAtMillis, modelVersion, features, probability, predictedClass,
                creditScore, riskBand, null);
    }
}

package io.creditwatch.store;

import io.creditwatch.model.schema.Feature;

/**
 * One served prediction as captured: the features as received ({@link Double#NaN} where missing,
 * indexed by {@link Feature} ordinal) and what the model said.
 */
public record CapturedPrediction(String predictionId, String requestId, long predictedAtMillis, String modelVersion,
                                 double[] features, double probability, int predictedClass, long creditScore,
                                 String riskBand) {
}

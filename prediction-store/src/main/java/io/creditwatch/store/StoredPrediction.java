package io.creditwatch.store;

/** A captured prediction read back for monitoring, with its position {@code seq} in the store and the model version that made it. */
public record StoredPrediction(long seq, String predictionId, long predictedAtMillis, double[] features,
                               double probability, int predictedClass, String modelVersion) {
}

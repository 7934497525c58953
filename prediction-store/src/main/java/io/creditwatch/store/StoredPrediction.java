package io.creditwatch.store;

/** A captured prediction read back for monitoring, with its position {@code seq} in the store. */
public record StoredPrediction(long seq, String predictionId, long predictedAtMillis, double[] features,
                               double probability, int predictedClass) {
}

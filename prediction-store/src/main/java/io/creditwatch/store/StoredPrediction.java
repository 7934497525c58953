package io.creditwatch.store;

/**
 * A captured prediction read back for monitoring, with its position {@code seq} in the store, the
 * model version that made it, and what the challenger said in the shadow (null: none was loaded).
 */
public record StoredPrediction(long seq, String predictionId, long predictedAtMillis, double[] features,
                               double probability, int predictedClass, String modelVersion,
                               ChallengerPrediction challenger) {

    /** A prediction made without a challenger. */
    public StoredPrediction(long seq, String predictionId, long predictedAtMillis, double[] features,
                            double probability, int predictedClass, String modelVersion) {
        this(seq, predictionId, predictedAtMillis, features, probability, predictedClass, modelVersion, null);
    }
}

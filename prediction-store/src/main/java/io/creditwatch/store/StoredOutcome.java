package io.creditwatch.store;

/**
 * A label (ground truth) joined with the prediction it belongs to: the prediction's position and
 * time, the outcome and the day it was observed (null: undated), whether the store holds it as the
 * prediction's final outcome, and what the model said, with the version of the model that said it,
 * and what the challenger said in the shadow (null: none was loaded).
 */
public record StoredOutcome(long seq, String predictionId, long predictionSeq, long predictedAtMillis, int actual,
                            Long observedAtMillis, boolean isFinal, double probability, int predictedClass,
                            String modelVersion, ChallengerPrediction challenger) {

    /** A label of a prediction made without a challenger. */
    public StoredOutcome(long seq, String predictionId, long predictionSeq, long predictedAtMillis, int actual,
                         Long observedAtMillis, boolean isFinal, double probability, int predictedClass,
                         String modelVersion) {
        this(seq, predictionId, predictionSeq, predictedAtMillis, actual, observedAtMillis, isFinal, probability,
                predictedClass, modelVersion, null);
    }
}

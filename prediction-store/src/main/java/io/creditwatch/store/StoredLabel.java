package io.creditwatch.store;

/** A label (ground truth) joined with the prediction it belongs to. */
public record StoredLabel(long seq, String predictionId, int actual, double probability, int predictedClass) {
}

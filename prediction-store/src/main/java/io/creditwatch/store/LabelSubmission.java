package io.creditwatch.store;

/** Ground truth for one prediction: {@code actual} is 1 for a default, 0 otherwise. */
public record LabelSubmission(String predictionId, int actual) {
}

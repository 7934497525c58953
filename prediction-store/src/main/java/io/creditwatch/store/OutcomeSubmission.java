package io.creditwatch.store;

/**
 * Ground truth for one prediction: {@code actual} is 1 for a default observed on
 * {@code observedAtMillis}, 0 for still performing then; {@code observedAtMillis} null means the
 * outcome is final as given (no date).
 */
public record OutcomeSubmission(String predictionId, int actual, Long observedAtMillis) {

    /** An undated outcome, final as given. */
    public OutcomeSubmission(String predictionId, int actual) {
        this(predictionId, actual, null);
    }
}

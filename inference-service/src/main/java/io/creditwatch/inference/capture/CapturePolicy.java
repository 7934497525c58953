package io.creditwatch.inference.capture;

/** What a prediction whose record cannot be made durable in time gets (INFERENCE_CAPTURE_POLICY). */
public enum CapturePolicy {
    /** A 503 {@code capture_unavailable}: no answer without a record. The default. */
    DURABLE,
    /** Its answer, without waiting for the journal; a record the journal cannot take is counted as dropped. */
    BEST_EFFORT
}

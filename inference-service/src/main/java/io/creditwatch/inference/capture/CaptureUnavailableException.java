package io.creditwatch.inference.capture;

import java.time.Duration;

/**
 * A prediction's record cannot be made durable in time (durable policy): the request must not be
 * answered with the decision. {@link #reason()} is the bounded label the refusal is counted under.
 */
public class CaptureUnavailableException extends RuntimeException {

    /** Why the journal could not take a record; {@link #label()} is its metric label value. */
    public enum Cause {
        QUEUE_FULL("the capture queue is full"),
        JOURNAL_FULL("the capture journal is at its size limit while the store catches up"),
        JOURNAL_FAILING("writes to the capture journal are failing"),
        COMMIT_TIMEOUT("the capture journal did not flush in time"),
        WRITER_STOPPED("the capture journal writer has stopped");

        private final String description;

        Cause(String description) {
            this.description = description;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public String description() {
            return description;
        }
    }

    private final Cause cause;
    private final transient Duration retryAfter;

    public CaptureUnavailableException(Cause cause, Duration retryAfter) {
        super(cause.description(), null, false, false);
        this.cause = cause;
        this.retryAfter = retryAfter;
    }

    public Cause reason() {
        return cause;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

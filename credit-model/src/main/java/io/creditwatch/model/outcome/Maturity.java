package io.creditwatch.model.outcome;

/**
 * Where one outcome stands against the performance window (see {@link PerformanceWindow#classify}).
 * {@link #DEFAULT} and {@link #PERFORMING} are final; {@link #PERFORMING_SO_FAR} is censored: the
 * applicant may still default before the window ends, so it is never counted as a 0.
 */
public enum Maturity {
    /** A default observed within the window: a mature 1. */
    DEFAULT,
    /** Performing at or after the window's end, or a default observed only after it: a mature 0. */
    PERFORMING,
    /** Performing on a day inside the window: not an outcome yet. */
    PERFORMING_SO_FAR;

    public boolean isFinal() {
        return this != PERFORMING_SO_FAR;
    }

    /** The outcome as a label, 1 for a default and 0 for performing; only a final outcome has one. */
    public int label() {
        if (!isFinal()) {
            throw new IllegalStateException("a censored outcome has no label yet");
        }
        return this == DEFAULT ? 1 : 0;
    }

    /** The name in the API and the logs: {@code default}, {@code performing}, {@code performing_so_far}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.creditwatch.inference.web;

import java.util.List;

/** A request the service refuses, with what to tell the client. */
public class ApiException extends RuntimeException {

    private final Rejection rejection;
    private final transient List<ApiError.FieldProblem> problems;
    private transient java.time.Duration retryAfter;

    public ApiException(Rejection rejection, String message) {
        this(rejection, message, List.of());
    }

    public ApiException(Rejection rejection, String message, List<ApiError.FieldProblem> problems) {
        super(message, null, false, false);
        this.rejection = rejection;
        this.problems = problems;
    }

    public Rejection rejection() {
        return rejection;
    }

    public List<ApiError.FieldProblem> problems() {
        return problems;
    }

    /** Sets the {@code Retry-After} the refusal is answered with. */
    public ApiException retryAfter(java.time.Duration after) {
        this.retryAfter = after;
        return this;
    }

    /** The {@code Retry-After} of the answer; null for none. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }
}

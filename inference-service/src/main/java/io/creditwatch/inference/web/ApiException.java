package io.creditwatch.inference.web;

import java.util.List;

/** A request the service refuses, with what to tell the client. */
public class ApiException extends RuntimeException {

    private final Rejection rejection;
    private final transient List<ApiError.FieldProblem> problems;

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
}

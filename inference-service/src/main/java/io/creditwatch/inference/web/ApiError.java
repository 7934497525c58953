package io.creditwatch.inference.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The JSON body of every error response.
 *
 * @param errors    field-level problems, at most {@link #MAX_LISTED_ERRORS}; {@code index} is the
 *                  application's position in a batch and absent for a single application
 * @param errorCount how many field-level problems there were in all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String error, String reason, String message, String requestId,
                       List<FieldProblem> errors, Integer errorCount) {

    public static final int MAX_LISTED_ERRORS = 100;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldProblem(Integer index, String field, String message) {
    }
}

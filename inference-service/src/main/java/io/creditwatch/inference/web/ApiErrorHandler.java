package io.creditwatch.inference.web;

import io.creditwatch.inference.capture.CaptureUnavailableException;
import io.creditwatch.inference.metrics.InferenceMetrics;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;

/**
 * Turns every refusal into a JSON {@link ApiError}, counts it by reason, and notes the reason in
 * the request's log line. Client mistakes get a 4xx; only a fault of the service is a 5xx.
 */
@RestControllerAdvice
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final InferenceMetrics metrics;

    ApiErrorHandler(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e, HttpServletRequest request) {
        ResponseEntity<ApiError> refused = respond(request, e.rejection(), e.getMessage(), e.problems());
        return e.retryAfter() == null ? refused : withRetryAfter(refused, e.retryAfter());
    }

    private static ResponseEntity<ApiError> withRetryAfter(ResponseEntity<ApiError> answer, java.time.Duration after) {
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, after.toSeconds())))
                .body(answer.getBody());
    }

    /** The decision was made but its record could not be made durable: it is not answered (durable policy). */
    @ExceptionHandler(CaptureUnavailableException.class)
    ResponseEntity<ApiError> captureUnavailable(CaptureUnavailableException e, HttpServletRequest request) {
        RequestContext.log(request, "capture_refused", e.reason().label());
        return withRetryAfter(respond(request, Rejection.CAPTURE_UNAVAILABLE, e.getMessage()
                + "; nothing was decided for this request, retry after " + e.retryAfter().toSeconds() + " s",
                List.of()),
                e.retryAfter());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String given = e.getContentType() == null ? "none" : e.getContentType().toString();
        return respond(request, Rejection.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json, got " + given, List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpServletRequest request) {
        return respond(request, Rejection.NOT_ACCEPTABLE, "responses are application/json", List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(request, Rejection.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here; use "
                + String.join(", ", e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods()),
                List.of());
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ApiError> notFound(HttpServletRequest request) {
        return respond(request, Rejection.NOT_FOUND, "no endpoint " + request.getRequestURI()
                + "; the API is POST /predict, POST /feedback, GET /health and GET /metrics", List.of());
    }

    /** The client closed the connection before the answer was written: nothing can be sent, the request is counted. */
    @ExceptionHandler(ClientAbortException.class)
    void clientDisconnected(HttpServletRequest request) {
        metrics.requestError(path(request), Rejection.CLIENT_DISCONNECTED.code());
        RequestContext.log(request, "error_reason", Rejection.CLIENT_DISCONNECTED.code());
    }

    /** A body on an endpoint that takes none, of a shape the framework cannot read. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadableBody(HttpServletRequest request) {
        return respond(request, Rejection.INVALID_BODY, request.getMethod() + " " + path(request)
                + " takes no body of this shape; send none", List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse framework && framework.getStatusCode().is4xxClientError()) {
            return respond(request, Rejection.forStatus(framework.getStatusCode().value()), e.getMessage(), List.of());
        }
        log.error("unexpected error", e);
        return respond(request, Rejection.INTERNAL_ERROR, "internal error; the request id identifies it in the log",
                List.of());
    }

    /** The path the client asked for, also when the container forwarded its error to /error. */
    private static String path(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original instanceof String uri ? uri : request.getRequestURI();
    }

    private ResponseEntity<ApiError> respond(HttpServletRequest request, Rejection rejection, String message,
                                             List<ApiError.FieldProblem> problems) {
        metrics.requestError(path(request), rejection.code());
        RequestContext.log(request, "error_reason", rejection.code());
        List<ApiError.FieldProblem> listed = problems.size() > ApiError.MAX_LISTED_ERRORS
                ? problems.subList(0, ApiError.MAX_LISTED_ERRORS) : problems;
        ApiError body = new ApiError(rejection.status().value(), rejection.status().getReasonPhrase(), rejection.code(),
                message, RequestContext.requestId(request), listed.isEmpty() ? null : listed,
                problems.isEmpty() ? null : problems.size());
        return ResponseEntity.status(rejection.status())
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .body(body);
    }
}

package io.creditwatch.inference.web;

import org.springframework.http.HttpStatus;

/** Why a request was not served: its HTTP status and the {@code reason} label it is counted under. */
public enum Rejection {
    MALFORMED_JSON(HttpStatus.BAD_REQUEST),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    INVALID_BODY(HttpStatus.BAD_REQUEST),
    EMPTY_BATCH(HttpStatus.BAD_REQUEST),
    BATCH_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
    BODY_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
    BODY_TIMEOUT(HttpStatus.REQUEST_TIMEOUT),
    BODY_UNREADABLE(HttpStatus.BAD_REQUEST),
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    CLIENT_DISCONNECTED(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    TOO_MANY_FAILED_AUTHENTICATIONS(HttpStatus.TOO_MANY_REQUESTS),
    INVALID_APPLICATION(HttpStatus.BAD_REQUEST),
    INVALID_LABEL(HttpStatus.BAD_REQUEST),
    UNKNOWN_PREDICTION_ID(HttpStatus.NOT_FOUND),
    LABEL_CONFLICT(HttpStatus.CONFLICT),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    MODEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    CAPTURE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    Rejection(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The rejection a container or framework status stands for, when it raised the error itself. */
    public static Rejection forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> BODY_TIMEOUT;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVER_BUSY;
            default -> status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }

    /** The label value in metrics and the {@code reason} in error bodies, e.g. {@code invalid_application}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

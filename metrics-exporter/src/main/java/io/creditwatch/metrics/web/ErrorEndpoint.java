package io.creditwatch.metrics.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The exporter's error page in the same JSON the inference service answers with ({@code status},
 * {@code error}, {@code reason}, {@code message}): an unknown path is a 404 {@code not_found}, and
 * {@code /error} asked for directly is not an endpoint either (Spring Boot's own error page answers
 * it with a 500).
 */
@RestController
class ErrorEndpoint implements ErrorController {

    private static final String ENDPOINTS = "the exporter serves GET /metrics, GET /health and GET /report";

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(forwarded instanceof Integer code)) {
            return answer(HttpStatus.NOT_FOUND, "no endpoint /error; " + ENDPOINTS);
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return answer(status, status == HttpStatus.NOT_FOUND ? "no endpoint " + path + "; " + ENDPOINTS
                : "the request could not be served (HTTP " + code + ")");
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("reason", switch (status) {
            case NOT_FOUND, METHOD_NOT_ALLOWED -> status.name().toLowerCase(Locale.ROOT);
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        });
        body.put("message", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}

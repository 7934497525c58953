package io.creditwatch.inference.web;

import io.creditwatch.inference.metrics.InferenceMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.entries;

/**
 * Wraps every request: assigns its request id (the client's {@code X-Request-ID} or a new one),
 * puts it in the MDC and the response, counts and times the request, and writes its one JSON log
 * line with whatever the handler added (prediction, batch size, error reason, model version).
 * Scrapes of /metrics and /health (and its probes) are logged at DEBUG only, so they do not drown
 * the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestTelemetryFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("io.creditwatch.inference.requests");

    private final InferenceMetrics metrics;

    RequestTelemetryFilter(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        String requestId = RequestContext.acceptOrGenerate(request.getHeader(RequestContext.REQUEST_ID_HEADER));
        RequestContext.start(request, requestId);
        response.setHeader(RequestContext.REQUEST_ID_HEADER, requestId);
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - started;
            String path = request.getRequestURI();
            int status = response.getStatus();
            metrics.request(isApiMethod(request.getMethod()) ? path : "other", status, nanos);
            writeLogLine(request, path, status, nanos);
            MDC.remove("request_id");
        }
    }

    /** The API is GET and POST: an OPTIONS or HEAD request is counted as "other", not as the endpoint. */
    private static boolean isApiMethod(String method) {
        return method.equals("GET") || method.equals("POST");
    }

    private static void writeLogLine(HttpServletRequest request, String path, int status, long nanos) {
        boolean scrape = path.equals("/metrics") || path.startsWith("/health");
        if (scrape && !log.isDebugEnabled()) {
            return;
        }
        Map<String, Object> fields = RequestContext.logFields(request);
        fields.put("method", request.getMethod());
        fields.put("path", path);
        fields.put("status", status);
        fields.put("latency_ms", Math.round(nanos / 1_000.0) / 1_000.0);
        String message = status < 400 ? (path.equals("/predict") ? "Prediction completed" : "Request completed")
                : "Request rejected";
        if (scrape) {
            log.debug(message, entries(fields));
        } else if (status >= 500) {
            log.error(message, entries(fields));
        } else if (status >= 400) {
            log.warn(message, entries(fields));
        } else {
            log.info(message, entries(fields));
        }
    }
}

package io.creditwatch.inference.feedback;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how fast one client can guess feedback API keys: after {@code max-failed-authentications}
 * failed attempts from one address within {@code failed-authentication-window}, every /feedback
 * request from it is answered 429 {@code too_many_failed_authentications} until the window ends,
 * without its key being looked at (so guessing on is not just slower but pointless). Failures and
 * throttled requests are counted. The table of addresses is bounded: expired windows are dropped
 * when it grows.
 */
@Component
class AuthenticationThrottle {

    private static final int MAX_TRACKED_CLIENTS = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final InferenceMetrics metrics;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Failed attempts of one client since {@code startNanos}. */
    private static final class Window {
        final long startNanos;
        int failures;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    AuthenticationThrottle(FeedbackProperties properties, InferenceMetrics metrics) {
        this.maxFailures = properties.maxFailedAuthentications();
        this.windowNanos = properties.failedAuthenticationWindow().toNanos();
        this.metrics = metrics;
    }

    /** Runs {@code authentication} for {@code client} unless it has failed too often; counts a failure. */
    void authenticate(String client, Runnable authentication) {
        long now = System.nanoTime();
        Window window = windows.get(client);
        if (window != null && now - window.startNanos < windowNanos) {
            synchronized (window) {
                if (window.failures >= maxFailures) {
                    metrics.feedbackAuthentication(InferenceMetrics.AUTHENTICATION_THROTTLED);
                    long retryAfter = Math.max(1,
                            Duration.ofNanos(windowNanos - (now - window.startNanos)).toSeconds());
                    throw new ApiException(Rejection.TOO_MANY_FAILED_AUTHENTICATIONS, maxFailures
                            + " failed authentications from this client; retry after " + retryAfter + " s")
                            .retryAfter(Duration.ofSeconds(retryAfter));
                }
            }
        }
        try {
            authentication.run();
        } catch (ApiException e) {
            metrics.feedbackAuthentication(InferenceMetrics.AUTHENTICATION_FAILED);
            failed(client, now);
            throw e;
        }
    }

    private void failed(String client, long now) {
        if (windows.size() >= MAX_TRACKED_CLIENTS) {
            windows.values().removeIf(window -> now - window.startNanos >= windowNanos);
        }
        Window window = windows.compute(client,
                (address, current) -> current == null || now - current.startNanos >= windowNanos ? new Window(now)
                        : current);
        synchronized (window) {
            window.failures++;
        }
    }
}

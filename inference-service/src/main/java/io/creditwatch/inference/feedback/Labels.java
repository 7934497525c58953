package io.creditwatch.inference.feedback;

import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.store.LabelSubmission;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What /feedback does with labels: the first label of a prediction is final, so the same label
 * sent again is acknowledged ({@code already_labelled}) and not stored twice, a different one is
 * refused ({@code conflicting_label}), and an unknown prediction id is reported per label.
 * Accepted labels are stored before the answer. While the store is failing, every call fails at
 * once for {@code store-retry-after} instead of holding a request thread for every attempt.
 */
@Component
class Labels {

    static final String ACCEPTED = "accepted";
    static final String ALREADY_LABELLED = "already_labelled";
    static final String CONFLICTING = "conflicting_label";
    static final String UNKNOWN = Rejection.UNKNOWN_PREDICTION_ID.code();

    private static final Logger log = LoggerFactory.getLogger(Labels.class);
    /** How long to wait for predictions still in the capture queue before calling an id unknown. */
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(2);

    private final PredictionStore store;
    private final PredictionCapture capture;
    private final InferenceMetrics metrics;
    private final Duration storeRetryAfter;
    private volatile long storeFailedUntilNanos = System.nanoTime();

    Labels(PredictionStore store, PredictionCapture capture, InferenceMetrics metrics, FeedbackProperties properties) {
        this.store = store;
        this.capture = capture;
        this.metrics = metrics;
        this.storeRetryAfter = properties.storeRetryAfter();
    }

    /** The outcome of one label, in input order. */
    record LabelResult(String predictionId, String status) {
    }

    /** The outcome of every label, with how many of each status; {@code storedLabels} holds the label already stored. */
    record Outcome(List<LabelResult> results, Map<String, Integer> counts, Map<String, Integer> storedLabels) {

        int count(String status) {
            return counts.getOrDefault(status, 0);
        }
    }

    /** Fails at once while the store is known to be failing. */
    void requireStore() {
        if (System.nanoTime() - storeFailedUntilNanos < 0) {
            throw storeUnavailable();
        }
    }

    /** Decides each label's status, stores the accepted ones and counts them all. */
    Outcome record(List<LabelSubmission> labels) {
        List<String> ids = labels.stream().map(LabelSubmission::predictionId).toList();
        Set<String> known = knownIds(ids);
        Map<String, Integer> stored = new HashMap<>(firstLabels(ids));
        Map<String, Integer> before = Map.copyOf(stored);

        List<LabelResult> results = new ArrayList<>(labels.size());
        List<LabelSubmission> accepted = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (LabelSubmission label : labels) {
            Integer first = stored.putIfAbsent(label.predictionId(), label.actual());
            String status = !known.contains(label.predictionId()) ? UNKNOWN
                    : first == null ? ACCEPTED
                    : first == label.actual() ? ALREADY_LABELLED : CONFLICTING;
            if (status.equals(ACCEPTED)) {
                accepted.add(label);
            }
            counts.merge(status, 1, Integer::sum);
            results.add(new LabelResult(label.predictionId(), status));
        }
        if (!accepted.isEmpty()) {
            try {
                store.insertLabels(accepted, System.currentTimeMillis());
            } catch (SQLException e) {
                throw storeFailed("store labels", e);
            }
        }
        counts.forEach(metrics::feedback);
        return new Outcome(results, counts, before);
    }

    private Set<String> knownIds(List<String> ids) {
        try {
            Set<String> known = store.predictionTimes(ids).keySet();
            if (known.size() < Set.copyOf(ids).size() && capture.awaitWritten(CAPTURE_WAIT)) {
                known = store.predictionTimes(ids).keySet();
            }
            return known;
        } catch (SQLException e) {
            throw storeFailed("look up prediction ids", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeUnavailable();
        }
    }

    private Map<String, Integer> firstLabels(List<String> ids) {
        try {
            return store.finalLabels(ids);
        } catch (SQLException e) {
            throw storeFailed("look up stored labels", e);
        }
    }

    private ApiException storeFailed(String what, SQLException e) {
        storeFailedUntilNanos = System.nanoTime() + storeRetryAfter.toNanos();
        log.warn("cannot {}: {}", what, StoreFailures.describe(e));
        return storeUnavailable();
    }

    private ApiException storeUnavailable() {
        return new ApiException(Rejection.STORE_UNAVAILABLE, "the prediction store is unavailable; nothing was stored, "
                + "send the labels again later");
    }
}

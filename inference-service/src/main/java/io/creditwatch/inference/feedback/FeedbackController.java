package io.creditwatch.inference.feedback;

import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.inference.web.RequestBodies;
import io.creditwatch.inference.web.RequestContext;
import io.creditwatch.store.LabelSubmission;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /feedback}: ground truth for earlier predictions, as
 * {@code {"prediction_id": "...", "actual": 0|1}} or {@code {"labels": [ ...those... ]}}, from a
 * holder of a feedback API key only ({@link FeedbackKeys}).
 *
 * <p>The first label of a prediction is final: the same label sent again is acknowledged
 * ({@code already_labelled}) and not stored twice, a different one is refused
 * ({@code conflicting_label}), so nobody can rewrite an outcome and a prediction holds one label.
 * Labels are written before the answer, so an accepted label is stored; an unknown prediction id
 * is reported per item. While the store is failing, /feedback answers 503 at once for
 * {@code store-retry-after} instead of holding a request thread for every attempt.
 */
@RestController
class FeedbackController {

    static final String ACCEPTED = "accepted";
    static final String ALREADY_LABELLED = "already_labelled";
    static final String CONFLICTING = "conflicting_label";

    private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);
    /** How long to wait for predictions still in the capture queue before calling an id unknown. */
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(2);

    private final PredictionStore store;
    private final PredictionCapture capture;
    private final InferenceMetrics metrics;
    private final FeedbackKeys keys;
    private final RequestBodies bodies;
    private final FeedbackProperties properties;
    private final FeedbackRequestReader reader;
    private volatile long storeFailedUntilNanos = System.nanoTime();

    FeedbackController(PredictionStore store, PredictionCapture capture, InferenceMetrics metrics, FeedbackKeys keys,
                       RequestBodies bodies, FeedbackProperties properties) {
        this.store = store;
        this.capture = capture;
        this.metrics = metrics;
        this.keys = keys;
        this.bodies = bodies;
        this.properties = properties;
        this.reader = new FeedbackRequestReader(properties.maxLabels());
    }

    /** The answer: how many labels were stored, and the outcome per label in input order. */
    record FeedbackResponse(String requestId, int accepted, int unknown, int conflicting, List<LabelResult> results) {
    }

    record LabelResult(String predictionId, String status) {
    }

    @PostMapping(path = "/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
    FeedbackResponse feedback(HttpServletRequest request) throws IOException {
        keys.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (System.nanoTime() - storeFailedUntilNanos < 0) {
            throw storeUnavailable();
        }
        FeedbackRequestReader.Body body = bodies.read(request.getInputStream(), request.getContentLengthLong(),
                properties.maxBodySize(), reader::read);
        List<LabelSubmission> labels = body.labels();
        List<String> ids = labels.stream().map(LabelSubmission::predictionId).toList();
        Set<String> known = knownIds(ids);
        Map<String, Integer> stored = new HashMap<>(firstLabels(ids));

        List<LabelResult> results = new ArrayList<>(labels.size());
        List<LabelSubmission> accepted = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (LabelSubmission label : labels) {
            Integer first = stored.putIfAbsent(label.predictionId(), label.actual());
            String status = !known.contains(label.predictionId()) ? Rejection.UNKNOWN_PREDICTION_ID.code()
                    : first == null ? ACCEPTED
                    : first == label.actual() ? ALREADY_LABELLED : CONFLICTING;
            if (status.equals(ACCEPTED)) {
                accepted.add(label);
            }
            counts.merge(status, 1, Integer::sum);
            results.add(new LabelResult(label.predictionId(), status));
        }
        if (!body.batch()) {
            String status = results.get(0).status();
            if (status.equals(Rejection.UNKNOWN_PREDICTION_ID.code())) {
                metrics.feedback(status, 1);
                throw new ApiException(Rejection.UNKNOWN_PREDICTION_ID, "no prediction has the id " + ids.get(0));
            }
            if (status.equals(CONFLICTING)) {
                metrics.feedback(status, 1);
                throw new ApiException(Rejection.LABEL_CONFLICT, "prediction " + ids.get(0) + " already has the label "
                        + stored.get(ids.get(0)) + "; a stored label is final");
            }
        }
        if (!accepted.isEmpty()) {
            try {
                store.insertLabels(accepted, System.currentTimeMillis());
            } catch (SQLException e) {
                throw storeFailed("store labels", e);
            }
        }
        counts.forEach(metrics::feedback);
        RequestContext.log(request, "labels_accepted", accepted.size());
        RequestContext.log(request, "labels_unknown", counts.getOrDefault(Rejection.UNKNOWN_PREDICTION_ID.code(), 0));
        RequestContext.log(request, "labels_conflicting", counts.getOrDefault(CONFLICTING, 0));
        return new FeedbackResponse(RequestContext.requestId(request), accepted.size(),
                counts.getOrDefault(Rejection.UNKNOWN_PREDICTION_ID.code(), 0), counts.getOrDefault(CONFLICTING, 0),
                results);
    }

    private Set<String> knownIds(List<String> ids) {
        try {
            Set<String> known = store.knownPredictionIds(ids);
            if (known.size() < Set.copyOf(ids).size() && capture.awaitWritten(CAPTURE_WAIT)) {
                known = store.knownPredictionIds(ids);
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
            return store.firstLabels(ids);
        } catch (SQLException e) {
            throw storeFailed("look up stored labels", e);
        }
    }

    private ApiException storeFailed(String what, SQLException e) {
        storeFailedUntilNanos = System.nanoTime() + properties.storeRetryAfter().toNanos();
        log.warn("cannot {}: {}", what, StoreFailures.describe(e));
        return storeUnavailable();
    }

    private ApiException storeUnavailable() {
        return new ApiException(Rejection.STORE_UNAVAILABLE, "the prediction store is unavailable; nothing was stored, "
                + "send the labels again later");
    }
}

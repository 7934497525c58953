package io.creditwatch.inference.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.model.ModelRegistry;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.model.outcome.Maturity;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What /feedback does with labels. An outcome may be dated ({@code observed_at}): then its maturity
 * against the serving model's performance window decides whether it is final (a default within the
 * window, performing at or after its end) or "performing so far" (censored: stored, never counted as
 * a 0); an undated outcome is final as given. A prediction has at most one final outcome, which the
 * store enforces even against concurrent senders: the same final outcome sent again is acknowledged
 * ({@code already_labelled}) and not stored twice, a different one is refused
 * ({@code conflicting_label}); a censored status may be followed by later ones and by the final
 * outcome. An unknown prediction id is reported per label, a date before its prediction refuses the
 * body (400, none stored). Accepted labels are stored before the answer. While the store is failing,
 * every call fails at once for {@code store-retry-after} instead of holding a request thread for
 * every attempt.
 */
@Component
class OutcomeRecorder {

    static final String ACCEPTED = "accepted";
    static final String ALREADY_LABELLED = "already_labelled";
    static final String CONFLICTING = "conflicting_label";
    static final String UNKNOWN = Rejection.UNKNOWN_PREDICTION_ID.code();

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    /** How long to wait for predictions still in the capture queue before calling an id unknown. */
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(2);

    private final PredictionStore store;
    private final PredictionCapture capture;
    private final InferenceMetrics metrics;
    private final ModelRegistry models;
    private final Duration storeRetryAfter;
    private volatile long storeFailedUntilNanos = System.nanoTime();

    OutcomeRecorder(PredictionStore store, PredictionCapture capture, InferenceMetrics metrics, ModelRegistry models,
                    FeedbackProperties properties) {
        this.store = store;
        this.capture = capture;
        this.metrics = metrics;
        this.models = models;
        this.storeRetryAfter = properties.storeRetryAfter();
    }

    /**
     * The outcome of one label, in input order; {@code outcome} ({@code default}, {@code performing}
     * or {@code performing_so_far}) is given for an accepted label.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutcomeResult(String predictionId, String status, String outcome) {
    }

    /** The outcome of every label, with how many of each status; {@code storedLabels} holds the final label already stored. */
    record Recorded(List<OutcomeResult> results, Map<String, Integer> counts, Map<String, Integer> storedLabels) {

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

    /**
     * Decides each label's status, stores the accepted ones and counts them all; {@code batch} says
     * whether problems are reported with the label's index.
     */
    Recorded record(List<OutcomeSubmission> labels, boolean batch) {
        List<String> ids = labels.stream().map(OutcomeSubmission::predictionId).toList();
        Map<String, Long> predictedAt = predictionTimes(ids);
        PerformanceWindow window = labels.stream().anyMatch(label -> label.observedAtMillis() != null)
                ? servingWindow() : PerformanceWindow.STANDARD;
        Maturity[] maturity = new Maturity[labels.size()];
        List<ApiError.FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            OutcomeSubmission label = labels.get(i);
            Long madeAt = predictedAt.get(label.predictionId());
            if (madeAt == null) {
                continue;
            }
            LocalDate applied = PerformanceWindow.utcDate(madeAt);
            LocalDate observed = label.observedAtMillis() == null ? null
                    : PerformanceWindow.utcDate(label.observedAtMillis());
            if (observed != null && observed.isBefore(applied)) {
                problems.add(new ApiError.FieldProblem(batch ? i : null, FeedbackRequestReader.OBSERVED_AT,
                        "is before the prediction (made on " + applied + ", UTC)"));
            } else {
                maturity[i] = window.classify(applied, label.actual(), observed);
            }
        }
        FeedbackRequestReader.throwIfAny(problems);

        Map<String, Integer> before = finalOutcomes(ids);
        List<OutcomeSubmission> candidates = new ArrayList<>();
        Map<OutcomeSubmission, Boolean> isFinal = new IdentityHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (maturity[i] != null && !before.containsKey(labels.get(i).predictionId())) {
                candidates.add(labels.get(i));
                isFinal.put(labels.get(i), maturity[i].isFinal());
            }
        }
        boolean[] stored = insert(candidates, isFinal);
        Map<OutcomeSubmission, Boolean> storedByLabel = new IdentityHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            storedByLabel.put(candidates.get(i), stored[i]);
        }
        Map<String, Integer> finals = storedByLabel.containsValue(false) ? finalOutcomes(ids) : before;

        List<OutcomeResult> results = new ArrayList<>(labels.size());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            OutcomeSubmission label = labels.get(i);
            Integer finalLabel = finals.get(label.predictionId());
            String status = maturity[i] == null ? UNKNOWN
                    : Boolean.TRUE.equals(storedByLabel.get(label)) ? ACCEPTED
                            : finalLabel == null || finalLabel == label.actual() ? ALREADY_LABELLED : CONFLICTING;
            counts.merge(status, 1, Integer::sum);
            results.add(new OutcomeResult(label.predictionId(), status,
                    status.equals(ACCEPTED) ? maturity[i].code() : null));
        }
        counts.forEach(metrics::feedback);
        return new Recorded(results, counts, finals);
    }

    /** The performance window of the serving model, which dated outcomes are judged by. */
    private PerformanceWindow servingWindow() {
        return models.current().map(model -> model.card().window()).orElseThrow(() -> new ApiException(
                Rejection.MODEL_UNAVAILABLE, "no model is loaded, whose performance window dated outcomes are judged "
                        + "by; nothing was stored, send the labels again later"));
    }

    private boolean[] insert(List<OutcomeSubmission> labels, Map<OutcomeSubmission, Boolean> isFinal) {
        if (labels.isEmpty()) {
            return new boolean[0];
        }
        try {
            return store.insertOutcomes(labels, isFinal::get, System.currentTimeMillis());
        } catch (SQLException e) {
            throw storeFailed("store labels", e);
        }
    }

    private Map<String, Long> predictionTimes(List<String> ids) {
        try {
            Map<String, Long> times = store.predictionTimes(ids);
            if (times.size() < Set.copyOf(ids).size() && capture.awaitWritten(CAPTURE_WAIT)) {
                times = store.predictionTimes(ids);
            }
            return times;
        } catch (SQLException e) {
            throw storeFailed("look up prediction ids", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeUnavailable();
        }
    }

    private Map<String, Integer> finalOutcomes(List<String> ids) {
        try {
            return store.finalOutcomes(ids);
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

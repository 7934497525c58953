package io.creditwatch.inference.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.RequestContext;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.store.LabelSubmission;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /feedback}: ground truth for earlier predictions, as
 * {@code {"prediction_id": "...", "actual": 0|1}} or {@code {"labels": [ ...those... ]}}.
 * Sending a label again replaces it (the last one wins). Labels are written before the answer,
 * so an accepted label is stored; an unknown prediction id is reported per item.
 */
@RestController
class FeedbackController {

    private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABELS = "labels";
    private static final Set<String> LABEL_FIELDS = Set.of("prediction_id", "actual");
    /** How long to wait for predictions still in the capture queue before calling an id unknown. */
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(2);

    private final PredictionStore store;
    private final PredictionCapture capture;
    private final InferenceMetrics metrics;
    private final int maxLabels;

    FeedbackController(PredictionStore store, PredictionCapture capture, InferenceMetrics metrics,
                       FeedbackProperties properties) {
        this.store = store;
        this.capture = capture;
        this.metrics = metrics;
        this.maxLabels = properties.maxLabels();
    }

    /** The answer: how many labels were stored, and the outcome per label in input order. */
    record FeedbackResponse(String requestId, int accepted, int unknown, List<LabelResult> results) {
    }

    record LabelResult(String predictionId, String status) {
    }

    @PostMapping(path = "/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
    FeedbackResponse feedback(HttpServletRequest request) throws IOException {
        JsonNode body = readBody(request);
        boolean batch = body.has(LABELS);
        List<LabelSubmission> labels = batch ? parseBatch(body) : List.of(parseLabel(body, null));

        Set<String> known = knownIds(labels);
        List<LabelSubmission> accepted = labels.stream().filter(label -> known.contains(label.predictionId())).toList();
        int unknown = labels.size() - accepted.size();
        if (!batch && unknown == 1) {
            metrics.feedback(Rejection.UNKNOWN_PREDICTION_ID.code(), 1);
            throw new ApiException(Rejection.UNKNOWN_PREDICTION_ID, "no prediction has the id "
                    + labels.get(0).predictionId());
        }
        try {
            if (!accepted.isEmpty()) {
                store.insertLabels(accepted, System.currentTimeMillis());
            }
        } catch (SQLException e) {
            log.warn("cannot store labels: {}", StoreFailures.describe(e));
            throw new ApiException(Rejection.STORE_UNAVAILABLE, "the prediction store is unavailable; nothing was stored, "
                    + "send the labels again later");
        }
        metrics.feedback("accepted", accepted.size());
        metrics.feedback(Rejection.UNKNOWN_PREDICTION_ID.code(), unknown);
        RequestContext.log(request, "labels_accepted", accepted.size());
        RequestContext.log(request, "labels_unknown", unknown);
        List<LabelResult> results = labels.stream()
                .map(label -> new LabelResult(label.predictionId(),
                        known.contains(label.predictionId()) ? "accepted" : Rejection.UNKNOWN_PREDICTION_ID.code()))
                .toList();
        return new FeedbackResponse(RequestContext.requestId(request), accepted.size(), unknown, results);
    }

    private Set<String> knownIds(List<LabelSubmission> labels) {
        List<String> ids = labels.stream().map(LabelSubmission::predictionId).toList();
        try {
            Set<String> known = store.knownPredictionIds(ids);
            if (known.size() < Set.copyOf(ids).size() && capture.awaitWritten(CAPTURE_WAIT)) {
                known = store.knownPredictionIds(ids);
            }
            return known;
        } catch (SQLException e) {
            log.warn("cannot look up prediction ids: {}", StoreFailures.describe(e));
            throw new ApiException(Rejection.STORE_UNAVAILABLE, "the prediction store is unavailable; nothing was stored, "
                    + "send the labels again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Rejection.STORE_UNAVAILABLE, "interrupted");
        }
    }

    private static JsonNode readBody(HttpServletRequest request) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(request.getInputStream());
        } catch (JsonProcessingException e) {
            throw new ApiException(Rejection.MALFORMED_JSON, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (body == null || body.isMissingNode() || !body.isObject()) {
            throw new ApiException(Rejection.INVALID_BODY,
                    "send {\"prediction_id\": \"...\", \"actual\": 0 or 1} or {\"labels\": [ ... ]}");
        }
        return body;
    }

    private List<LabelSubmission> parseBatch(JsonNode body) {
        if (body.size() != 1) {
            throw new ApiException(Rejection.INVALID_BODY, "a batch body holds only \"labels\"");
        }
        JsonNode items = body.get(LABELS);
        if (!items.isArray()) {
            throw new ApiException(Rejection.INVALID_BODY, "\"labels\" must be an array");
        }
        if (items.isEmpty()) {
            throw new ApiException(Rejection.EMPTY_BATCH, "\"labels\" is empty; send at least one label");
        }
        if (items.size() > maxLabels) {
            throw new ApiException(Rejection.BATCH_TOO_LARGE, "a batch holds at most " + maxLabels + " labels");
        }
        List<LabelSubmission> labels = new ArrayList<>(items.size());
        List<ApiError.FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                labels.add(parseLabel(items.get(i), i));
            } catch (ApiException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return labels;
    }

    /** One label; {@code index} is its position in a batch, null for a single label. */
    private static LabelSubmission parseLabel(JsonNode item, Integer index) {
        List<ApiError.FieldProblem> problems = new ArrayList<>();
        if (!item.isObject()) {
            problems.add(new ApiError.FieldProblem(index, null, "must be an object with prediction_id and actual"));
            throw invalid(problems);
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!LABEL_FIELDS.contains(name)) {
                problems.add(new ApiError.FieldProblem(index, name, "unknown field"));
            }
        }
        JsonNode id = item.get("prediction_id");
        if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > 64) {
            problems.add(new ApiError.FieldProblem(index, "prediction_id",
                    id == null ? "is required" : "must be the prediction_id string /predict returned"));
        }
        JsonNode actual = item.get("actual");
        if (actual == null || !actual.isIntegralNumber() || (actual.asInt() != 0 && actual.asInt() != 1)) {
            problems.add(new ApiError.FieldProblem(index, "actual",
                    actual == null ? "is required" : "must be 0 (repaid) or 1 (default)"));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new LabelSubmission(id.asText(), actual.asInt());
    }

    /** A refusal of labels; a problem without an index belongs to a single label. */
    private static ApiException invalid(List<ApiError.FieldProblem> problems) {
        long labels = problems.stream().map(ApiError.FieldProblem::index).distinct().count();
        boolean single = problems.get(0).index() == null;
        return new ApiException(Rejection.INVALID_LABEL, single ? "the label is invalid"
                : (labels == 1 ? "1 label is" : labels + " labels are") + " invalid; none was stored", problems);
    }
}

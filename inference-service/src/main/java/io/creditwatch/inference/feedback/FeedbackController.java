package io.creditwatch.inference.feedback;

import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.inference.web.RequestBodies;
import io.creditwatch.inference.web.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /feedback}: ground truth for earlier predictions, as
 * {@code {"prediction_id": "...", "actual": 0|1}} or {@code {"labels": [ ...those... ]}}, from a
 * holder of a feedback API key only ({@link FeedbackKeys}). Translates HTTP only: {@link OutcomeRecorder}
 * decides, stores and counts; a single label that is unknown or conflicting is a 404 or a 409.
 */
@RestController
class FeedbackController {

    private final OutcomeRecorder labels;
    private final FeedbackKeys keys;
    private final AuthenticationThrottle throttle;
    private final RequestBodies bodies;
    private final FeedbackProperties properties;
    private final FeedbackRequestReader reader;

    FeedbackController(OutcomeRecorder labels, FeedbackKeys keys, AuthenticationThrottle throttle, RequestBodies bodies,
                       FeedbackProperties properties) {
        this.labels = labels;
        this.keys = keys;
        this.throttle = throttle;
        this.bodies = bodies;
        this.properties = properties;
        this.reader = new FeedbackRequestReader(properties.maxLabels(), Clock.systemUTC());
    }

    /** The answer: how many labels were stored, and the outcome per label in input order. */
    record FeedbackResponse(String requestId, int accepted, int unknown, int conflicting,
                            List<OutcomeRecorder.OutcomeResult> results) {
    }

    @PostMapping(path = "/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
    FeedbackResponse feedback(HttpServletRequest request) throws IOException {
        throttle.authenticate(request.getRemoteAddr(),
                () -> keys.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)));
        labels.requireStore();
        FeedbackRequestReader.Body body = bodies.read(request, properties.maxBodySize(), reader::read);
        OutcomeRecorder.Recorded outcome = labels.record(body.labels(), body.batch());
        if (!body.batch()) {
            String id = body.labels().get(0).predictionId();
            String status = outcome.results().get(0).status();
            if (status.equals(OutcomeRecorder.UNKNOWN)) {
                throw new ApiException(Rejection.UNKNOWN_PREDICTION_ID, "no prediction has the id " + id);
            }
            if (status.equals(OutcomeRecorder.CONFLICTING)) {
                throw new ApiException(Rejection.LABEL_CONFLICT, "prediction " + id + " already has the label "
                        + outcome.storedLabels().get(id) + " as its final outcome; a final outcome stays final");
            }
        }
        int accepted = outcome.count(OutcomeRecorder.ACCEPTED);
        int unknown = outcome.count(OutcomeRecorder.UNKNOWN);
        int conflicting = outcome.count(OutcomeRecorder.CONFLICTING);
        RequestContext.log(request, "labels_accepted", accepted);
        RequestContext.log(request, "labels_unknown", unknown);
        RequestContext.log(request, "labels_conflicting", conflicting);
        return new FeedbackResponse(RequestContext.requestId(request), accepted, unknown, conflicting,
                outcome.results());
    }
}

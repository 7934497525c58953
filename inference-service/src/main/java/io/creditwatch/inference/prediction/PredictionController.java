package io.creditwatch.inference.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.model.ModelRegistry;
import io.creditwatch.inference.model.ServingModel;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.RequestContext;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.inference.web.RequestBodies;
import io.creditwatch.inference.web.TimeOrderedIds;
import io.creditwatch.model.schema.ApplicationValidator;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.schema.FieldError;
import io.creditwatch.store.CapturedPrediction;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /predict}: one application, or {@code {"instances": [...]}}. Every application
 * is validated before any is scored: one bad application refuses the whole batch, naming its
 * index and field. Every scored application is handed to the capture for monitoring. The
 * response is streamed as it is written.
 */
@RestController
class PredictionController {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final ModelRegistry models;
    private final InferenceMetrics metrics;
    private final PredictionCapture capture;
    private final PredictionRequestReader reader;
    private final RequestBodies bodies;
    private final DataSize maxBodySize;

    PredictionController(ModelRegistry models, InferenceMetrics metrics, PredictionCapture capture,
                         RequestProperties limits, RequestBodies bodies) {
        this.models = models;
        this.metrics = metrics;
        this.capture = capture;
        this.reader = new PredictionRequestReader(limits.maxBatchSize());
        this.bodies = bodies;
        this.maxBodySize = limits.maxBodySize();
    }

    @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    void predict(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServingModel model = models.current().orElseThrow(() -> new ApiException(Rejection.MODEL_UNAVAILABLE,
                "no model is loaded; see /health"));
        PredictionRequestReader.Body body = bodies.read(request.getInputStream(), request.getContentLengthLong(),
                maxBodySize, reader::read);
        double[][] rows = validate(body);
        ServingModel.Decision[] decisions = model.decide(rows);

        String requestId = RequestContext.requestId(request);
        long predictedAt = System.currentTimeMillis();
        String[] predictionIds = new String[decisions.length];
        int defaults = 0;
        for (int i = 0; i < decisions.length; i++) {
            ServingModel.Decision decision = decisions[i];
            predictionIds[i] = TimeOrderedIds.next();
            metrics.prediction(decision.prediction(), decision.probability(), decision.creditScore(), decision.riskBand());
            defaults += decision.prediction();
            capture.capture(new CapturedPrediction(predictionIds[i], requestId, predictedAt, model.version(), rows[i],
                    decision.probability(), decision.prediction(), decision.creditScore(), decision.riskBand()));
        }
        metrics.batch(decisions.length);
        RequestContext.log(request, "model_version", model.version());
        if (body.batch()) {
            RequestContext.log(request, "batch_size", decisions.length);
            RequestContext.log(request, "predicted_default", defaults);
            RequestContext.log(request, "predicted_repaid", decisions.length - defaults);
        } else {
            RequestContext.log(request, "prediction", decisions[0].prediction());
            RequestContext.log(request, "prediction_id", predictionIds[0]);
        }

        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringField("request_id", requestId);
            json.writeStringField("model_version", model.version());
            if (body.batch()) {
                json.writeArrayFieldStart("predictions");
                for (int i = 0; i < decisions.length; i++) {
                    json.writeStartObject();
                    writeDecision(json, predictionIds[i], decisions[i]);
                    json.writeEndObject();
                }
                json.writeEndArray();
            } else {
                writeDecision(json, predictionIds[0], decisions[0]);
            }
            json.writeEndObject();
        }
    }

    private double[][] validate(PredictionRequestReader.Body body) {
        List<ApplicationValidator.Result> applications = body.applications();
        double[][] rows = new double[applications.size()][];
        List<ApiError.FieldProblem> problems = new ArrayList<>(0);
        for (int i = 0; i < rows.length; i++) {
            ApplicationValidator.Result result = applications.get(i);
            if (result.valid()) {
                rows[i] = result.application().values();
                continue;
            }
            for (FieldError error : result.errors()) {
                metrics.rejectedField(error.field());
                problems.add(new ApiError.FieldProblem(body.batch() ? i : null, error.field(), error.message()));
            }
        }
        if (!problems.isEmpty()) {
            long invalid = problems.stream().map(ApiError.FieldProblem::index).distinct().count();
            throw new ApiException(Rejection.INVALID_APPLICATION, body.batch()
                    ? invalid + " of " + rows.length + " applications are invalid; the batch was not scored"
                    : "the application is invalid", problems);
        }
        for (double[] row : rows) {
            for (Feature feature : Feature.ALL) {
                if (Double.isNaN(row[feature.ordinal()])) {
                    metrics.missing(feature);
                }
            }
        }
        return rows;
    }

    private static void writeDecision(JsonGenerator json, String predictionId, ServingModel.Decision decision)
            throws IOException {
        json.writeStringField("prediction_id", predictionId);
        json.writeNumberField("prediction", decision.prediction());
        json.writeNumberField("probability", decision.probability());
        json.writeNumberField("credit_score", decision.creditScore());
        json.writeStringField("risk_band", decision.riskBand());
    }
}

package io.creditwatch.inference.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.creditwatch.inference.model.ModelRegistry;
import io.creditwatch.inference.model.ServingModel;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.RequestContext;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.inference.web.RequestBodies;
import io.creditwatch.model.reasons.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /predict}: one application, or {@code {"instances": [...]}}; a decision that is
 * explained carries {@code reasons}, the others leave the field out. With {@code ?partial=true} a
 * batch's invalid applications are answered in their place, with their errors, and the valid ones
 * scored; with {@code ?challenger=true} each decision also carries the challenger's, when one was
 * scored in the shadow (the answer is the champion's either way). Translates HTTP only:
 * reads the body, has {@link Predictions} validate and score it, and streams the answer as it is
 * written.
 */
@RestController
class PredictionController {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    // the names of every decision's fields, encoded once
    private static final SerializedString PREDICTION_ID = new SerializedString("prediction_id");
    private static final SerializedString PREDICTION = new SerializedString("prediction");
    private static final SerializedString PROBABILITY = new SerializedString("probability");
    private static final SerializedString CREDIT_SCORE = new SerializedString("credit_score");
    private static final SerializedString RISK_BAND = new SerializedString("risk_band");
    private static final SerializedString REASONS = new SerializedString("reasons");
    static final String PARTIAL = "partial";
    /** The opt-in query parameter that adds the challenger's decision to each answered one. */
    static final String CHALLENGER = "challenger";

    private final ModelRegistry models;
    private final Predictions predictions;
    private final PredictionRequestReader reader;
    private final RequestBodies bodies;
    private final DataSize maxBodySize;

    PredictionController(ModelRegistry models, Predictions predictions, RequestProperties limits,
                         RequestBodies bodies) {
        this.models = models;
        this.predictions = predictions;
        this.reader = new PredictionRequestReader(limits.maxBatchSize());
        this.bodies = bodies;
        this.maxBodySize = limits.maxBodySize();
    }

    @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    void predict(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServingModel model = models.current().orElseThrow(() -> new ApiException(Rejection.MODEL_UNAVAILABLE,
                "no model is loaded; see /health"));
        boolean partial = flag(request, PARTIAL);
        boolean showChallenger = flag(request, CHALLENGER);
        PredictionRequestReader.Body body = bodies.read(request, maxBodySize, reader::read);
        Predictions.Validated validated = predictions.validate(body, partial);
        List<Predictions.Refused> refused = validated.refused();
        String requestId = RequestContext.requestId(request);
        Predictions.Scored scored = predictions.score(model, models.challenger().orElse(null), validated.rows(),
                requestId);
        ServingModel.Decision[] decisions = scored.decisions();
        String[] predictionIds = scored.predictionIds();
        int defaults = scored.predictedDefaults();
        RequestContext.log(request, "model_version", model.version());
        if (body.batch()) {
            RequestContext.log(request, "batch_size", decisions.length);
            RequestContext.log(request, "predicted_default", defaults);
            RequestContext.log(request, "predicted_repaid", decisions.length - defaults);
            if (partial) {
                RequestContext.log(request, "refused", refused.size());
            }
        } else {
            RequestContext.log(request, "prediction", decisions[0].prediction());
            RequestContext.log(request, "prediction_id", predictionIds[0]);
        }

        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringField("request_id", requestId);
            json.writeStringField("model_version", model.version());
            if (body.batch() && partial) {
                json.writeNumberField("scored", decisions.length);
                json.writeNumberField("refused", refused.size());
                json.writeArrayFieldStart("predictions");
                int[] indexes = validated.indexes();
                int next = 0;
                for (int i = 0; i < decisions.length; i++) {
                    for (; next < refused.size() && refused.get(next).index() < indexes[i]; next++) {
                        writeRefused(json, refused.get(next));
                    }
                    json.writeStartObject();
                    writeDecision(json, predictionIds[i], decisions[i], scored.reasons().get(i),
                            shadow(scored, showChallenger, i));
                    json.writeEndObject();
                }
                for (; next < refused.size(); next++) {
                    writeRefused(json, refused.get(next));
                }
                json.writeEndArray();
            } else if (body.batch()) {
                json.writeArrayFieldStart("predictions");
                for (int i = 0; i < decisions.length; i++) {
                    json.writeStartObject();
                    writeDecision(json, predictionIds[i], decisions[i], scored.reasons().get(i),
                            shadow(scored, showChallenger, i));
                    json.writeEndObject();
                }
                json.writeEndArray();
            } else {
                writeDecision(json, predictionIds[0], decisions[0], scored.reasons().get(0),
                        shadow(scored, showChallenger, 0));
            }
            json.writeEndObject();
        }
    }

    /**
     * An opt-in such as {@code ?partial=true} or {@code ?challenger=true}: a query parameter, not a
     * body field, because it says how to answer the request rather than what an application is, and
     * the batch body stays exactly {@code {"instances": [...]}}. Only {@code true} and {@code false}
     * are accepted.
     */
    private static boolean flag(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ApiException(Rejection.BAD_REQUEST, "the query parameter " + name + " is true or false, not \""
                + value + "\"");
    }

    /** An application refused in its place: the problems the 400 would list for its index. */
    private static void writeRefused(JsonGenerator json, Predictions.Refused refused) throws IOException {
        List<ApiError.FieldProblem> problems = refused.problems();
        json.writeStartObject();
        json.writeNumberField("index", refused.index());
        json.writeStringField("reason", Rejection.INVALID_APPLICATION.code());
        json.writeArrayFieldStart("errors");
        for (ApiError.FieldProblem problem : problems.subList(0,
                Math.min(problems.size(), ApiError.MAX_LISTED_ERRORS))) {
            json.writeStartObject();
            json.writeNumberField("index", problem.index());
            json.writeStringField("field", problem.field());
            json.writeStringField("message", problem.message());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("error_count", problems.size());
        json.writeEndObject();
    }

    /** The challenger's decision of application {@code i} when the client asked for it and one was scored; else null. */
    private static Shadow shadow(Predictions.Scored scored, boolean asked, int i) {
        return asked && scored.challengerDecisions() != null
                ? new Shadow(scored.challengerVersion(), scored.challengerDecisions()[i]) : null;
    }

    /** What the challenger decided in the shadow, for a client that asked. */
    private record Shadow(String modelVersion, ServingModel.Decision decision) {
    }

    private static void writeDecision(JsonGenerator json, String predictionId, ServingModel.Decision decision,
                                      List<Reason> reasons, Shadow challenger)
            throws IOException {
        json.writeFieldName(PREDICTION_ID);
        json.writeString(predictionId);
        writeFigures(json, decision);
        if (reasons != null) {
            json.writeFieldName(REASONS);
            ReasonsJson.write(json, reasons);
        }
        if (challenger != null) {
            json.writeObjectFieldStart(CHALLENGER);
            json.writeStringField("model_version", challenger.modelVersion());
            writeFigures(json, challenger.decision());
            json.writeEndObject();
        }
    }

    /** What a model said of one application: its decision, probability, score and band. */
    private static void writeFigures(JsonGenerator json, ServingModel.Decision decision) throws IOException {
        json.writeFieldName(PREDICTION);
        json.writeNumber(decision.prediction());
        json.writeFieldName(PROBABILITY);
        json.writeNumber(decision.probability());
        json.writeFieldName(CREDIT_SCORE);
        json.writeNumber(decision.creditScore());
        json.writeFieldName(RISK_BAND);
        json.writeString(decision.riskBand());
    }
}

package io.creditwatch.inference.prediction;

import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.model.ReasonProperties;
import io.creditwatch.inference.model.ServingModel;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.inference.web.TimeOrderedIds;
import io.creditwatch.model.reasons.Reason;
import io.creditwatch.model.schema.ApplicationValidator;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.schema.FieldError;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.ChallengerPrediction;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What /predict does between reading and answering: every application is validated before any
 * is scored (one bad application refuses the whole batch, naming its index and field, unless the
 * client asked for a partial answer), then each
 * is scored, recorded by the capture, and counted once recorded; the decisions the settings say
 * ({@link ReasonProperties}) are explained, and only those, since explaining costs far more than scoring.
 */
@Component
class Predictions {

    private final InferenceMetrics metrics;
    private final PredictionCapture capture;
    private final ReasonProperties reasons;

    Predictions(InferenceMetrics metrics, PredictionCapture capture, ReasonProperties reasons) {
        this.metrics = metrics;
        this.capture = capture;
        this.reasons = reasons;
    }

    /**
     * The decisions of a request, in input order, with the prediction id of each and its reasons
     * (null for a decision the settings do not explain), and the challenger's decisions of the same
     * applications with its version (both null without a challenger).
     */
    record Scored(String[] predictionIds, ServingModel.Decision[] decisions, List<List<Reason>> reasons,
                  int predictedDefaults, ServingModel.Decision[] challengerDecisions, String challengerVersion) {
    }

    /**
     * The applications a request scores: their feature rows (missing values as NaN) with each row's
     * index in the request, and the applications refused in their place, in request order.
     */
    record Validated(double[][] rows, int[] indexes, List<Refused> refused) {
    }

    /** An application refused in a partial answer: its index in the batch and every problem of it. */
    record Refused(int index, List<ApiError.FieldProblem> problems) {
    }

    /**
     * Validates every application before any is scored. By default one invalid application refuses
     * the request; with {@code partial} a batch's invalid applications are refused in their place
     * and the valid ones scored, unless none is valid. Every field problem is counted either way.
     *
     * @throws ApiException {@link Rejection#INVALID_APPLICATION} with every field problem
     */
    Validated validate(PredictionRequestReader.Body body, boolean partial) {
        List<ApplicationValidator.Result> applications = body.applications();
        int count = applications.size();
        double[][] valid = new double[count][];
        int[] indexes = new int[count];
        int scored = 0;
        List<Refused> refused = new ArrayList<>(0);
        List<ApiError.FieldProblem> problems = new ArrayList<>(0);
        for (int i = 0; i < count; i++) {
            ApplicationValidator.Result result = applications.get(i);
            if (result.valid()) {
                valid[scored] = result.application().values();
                indexes[scored++] = i;
                continue;
            }
            List<ApiError.FieldProblem> own = new ArrayList<>(result.errors().size());
            for (FieldError error : result.errors()) {
                metrics.rejectedField(error.field());
                own.add(new ApiError.FieldProblem(body.batch() ? i : null, error.field(), error.message()));
            }
            problems.addAll(own);
            refused.add(new Refused(i, own));
        }
        if (!refused.isEmpty() && (!partial || !body.batch() || scored == 0)) {
            throw new ApiException(Rejection.INVALID_APPLICATION, body.batch()
                    ? refused.size() + " of " + count + " applications are invalid; the batch was not scored"
                    : "the application is invalid", problems);
        }
        double[][] rows = scored == count ? valid : Arrays.copyOf(valid, scored);
        for (double[] row : rows) {
            for (Feature feature : Feature.ALL) {
                if (Double.isNaN(row[feature.ordinal()])) {
                    metrics.missing(feature);
                }
            }
        }
        return new Validated(rows, scored == count ? indexes : Arrays.copyOf(indexes, scored), refused);
    }

    /**
     * Scores the rows and records the decisions (durable policy: on disk in the capture journal)
     * before they are counted and answered. A challenger, when given, scores the same rows in the
     * shadow: its decisions are recorded with the champion's, under the same prediction ids, and
     * neither answered, counted nor explained.
     *
     * @throws io.creditwatch.inference.capture.CaptureUnavailableException when the decisions cannot be
     *                                                                      recorded in time: they must not be answered
     */
    Scored score(ServingModel model, ServingModel challenger, double[][] rows, String requestId) {
        capture.admit(rows.length);
        ServingModel.Decision[] decisions = model.decide(rows);
        ServingModel.Decision[] shadow = challenger == null ? null : challenger.decide(rows);
        long predictedAt = System.currentTimeMillis();
        String[] predictionIds = new String[decisions.length];
        List<List<Reason>> explained = explain(model, rows, decisions);
        List<CapturedPrediction> records = new ArrayList<>(decisions.length);
        for (int i = 0; i < decisions.length; i++) {
            ServingModel.Decision decision = decisions[i];
            predictionIds[i] = TimeOrderedIds.next();
            List<Reason> why = explained.get(i);
            records.add(new CapturedPrediction(predictionIds[i], requestId, predictedAt, model.version(), rows[i],
                    decision.probability(), decision.prediction(), decision.creditScore(), decision.riskBand(),
                    ReasonsJson.text(why), shadow == null ? null : new ChallengerPrediction(challenger.version(),
                            shadow[i].probability(), shadow[i].prediction(), shadow[i].creditScore(),
                            shadow[i].riskBand())));
        }
        capture.record(records);
        int defaults = 0;
        for (ServingModel.Decision decision : decisions) {
            metrics.prediction(decision.prediction(), decision.probability(), decision.creditScore(),
                    decision.riskBand());
            defaults += decision.prediction();
        }
        metrics.batch(decisions.length);
        return new Scored(predictionIds, decisions, explained, defaults, shadow,
                challenger == null ? null : challenger.version());
    }

    /** The reasons of each decision the reasons policy explains, null for the others; the explained rows go together. */
    private List<List<Reason>> explain(ServingModel model, double[][] rows, ServingModel.Decision[] decisions) {
        int[] chosen = IntStream.range(0, decisions.length)
                .filter(i -> reasons.explains(decisions[i].prediction(), decisions[i].riskBand())).toArray();
        List<List<Reason>> explained = new ArrayList<>(Collections.nCopies(decisions.length, null));
        if (chosen.length > 0) {
            List<List<Reason>> why = model.reasons(Arrays.stream(chosen).mapToObj(i -> rows[i])
                    .toArray(double[][]::new));
            for (int k = 0; k < chosen.length; k++) {
                explained.set(chosen[k], why.get(k));
            }
        }
        return explained;
    }
}

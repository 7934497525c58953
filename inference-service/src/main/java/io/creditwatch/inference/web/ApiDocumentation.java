package io.creditwatch.inference.web;

import io.creditwatch.model.schema.Feature;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3 description of {@code POST /predict} and {@code POST /feedback}, served at
 * {@code /v3/api-docs} and drawn by Swagger UI at {@code /swagger-ui.html}. The controllers read
 * their bodies themselves, so nothing here is inferred from their signatures: the application's
 * fields come from {@link Feature} (the names, kinds, ranges and nullability the validation
 * enforces), the error reasons from {@link Rejection}, the limits from the same settings the
 * readers use. {@code docs/openapi.yaml} is this document as served; a test fails when they differ.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    /** The API's contract version: the fields and reasons below, not the build. */
    static final String VERSION = "1.0.0";
    private static final String JSON = "application/json";
    private static final String FEEDBACK_KEY = "feedbackKey";

    /** The README's example application, a value for each feature in declaration order. */
    private static final double[] EXAMPLE = {0.766127, 45, 2, 0.802982, 9120, 13, 0, 6, 0, 2};

    private static final Map<Feature, String> MEANING = new EnumMap<>(Map.of(
            Feature.REVOLVING_UTILIZATION,
            "Balance on credit cards and personal lines of credit (excluding real estate "
                    + "and instalment debt such as car loans) divided by the sum of their credit limits",
            Feature.AGE, "Age of the borrower in years",
            Feature.PAST_DUE_30_59_DAYS,
            "Times the borrower has been 30-59 days past due, but no worse, in the last 2 years",
            Feature.DEBT_RATIO, "Monthly debt payments, alimony and living costs divided by monthly gross income",
            Feature.MONTHLY_INCOME, "Monthly gross income",
            Feature.OPEN_CREDIT_LINES, "Number of open loans (instalment, such as a car loan or mortgage) and lines "
                    + "of credit (such as credit cards)",
            Feature.TIMES_90_DAYS_LATE, "Times the borrower has been 90 days or more past due",
            Feature.REAL_ESTATE_LOANS, "Number of mortgage and real estate loans, home equity lines of credit included",
            Feature.PAST_DUE_60_89_DAYS,
            "Times the borrower has been 60-89 days past due, but no worse, in the last 2 years",
            Feature.DEPENDENTS, "Number of dependents in the family, the borrower excluded"));

    private static final Map<Rejection, String> WHEN = new EnumMap<>(Rejection.class);

    static {
        WHEN.put(Rejection.MALFORMED_JSON, "the body is not UTF-8 JSON, has content after it, or exceeds a JSON limit");
        WHEN.put(Rejection.UNSUPPORTED_MEDIA_TYPE, "Content-Type is not application/json");
        WHEN.put(Rejection.INVALID_BODY, "neither one item nor a list of them under its key");
        WHEN.put(Rejection.EMPTY_BATCH, "an empty list");
        WHEN.put(Rejection.BATCH_TOO_LARGE, "more items than the batch limit");
        WHEN.put(Rejection.BODY_TOO_LARGE, "a body over the size limit");
        WHEN.put(Rejection.BODY_TIMEOUT, "the body did not arrive in time");
        WHEN.put(Rejection.BODY_UNREADABLE, "the body could not be read to its end");
        WHEN.put(Rejection.BAD_REQUEST,
                "a request the web server itself refused, or a partial or challenger other than true "
                        + "or false");
        WHEN.put(Rejection.CLIENT_DISCONNECTED, "the client hung up before the answer (counted, never sent)");
        WHEN.put(Rejection.UNAUTHENTICATED, "no bearer key");
        WHEN.put(Rejection.FORBIDDEN, "a key that is not configured");
        WHEN.put(Rejection.TOO_MANY_FAILED_AUTHENTICATIONS, "too many failed authentications from this client "
                + "lately, even with a right key: wait for Retry-After");
        WHEN.put(Rejection.INVALID_APPLICATION, "a field of the wrong type, out of its range, unknown, given twice, "
                + "or a required one missing");
        WHEN.put(Rejection.INVALID_LABEL, "a prediction_id that is not a UUID, an actual other than 0 or 1, an "
                + "observed_at that is malformed, in the future or before its prediction's day");
        WHEN.put(Rejection.UNKNOWN_PREDICTION_ID, "a single label for a prediction the store does not have");
        WHEN.put(Rejection.LABEL_CONFLICT, "a single label contradicting the prediction's final outcome");
        WHEN.put(Rejection.NOT_FOUND, "another path");
        WHEN.put(Rejection.METHOD_NOT_ALLOWED, "another method");
        WHEN.put(Rejection.NOT_ACCEPTABLE, "an Accept header that excludes JSON");
        WHEN.put(Rejection.MODEL_UNAVAILABLE, "no model is loaded (see /health)");
        WHEN.put(Rejection.STORE_UNAVAILABLE, "the store is down: nothing was stored, retry");
        WHEN.put(Rejection.CAPTURE_UNAVAILABLE, "the decision could not be recorded in time (journal full, failing "
                + "or busy): nothing was answered, retry after Retry-After");
        WHEN.put(Rejection.SERVER_BUSY, "too many bodies are being read at once: retry shortly");
        WHEN.put(Rejection.INTERNAL_ERROR, "a fault of the service");
    }

    private static final List<Rejection> BODY_ERRORS = list(Rejection.MALFORMED_JSON, Rejection.UNSUPPORTED_MEDIA_TYPE,
            Rejection.INVALID_BODY, Rejection.EMPTY_BATCH, Rejection.BATCH_TOO_LARGE, Rejection.BODY_TOO_LARGE,
            Rejection.BODY_TIMEOUT, Rejection.BODY_UNREADABLE, Rejection.BAD_REQUEST, Rejection.SERVER_BUSY,
            Rejection.NOT_ACCEPTABLE);

    private final int maxBatchSize;
    private final int maxLabels;

    ApiDocumentation(@Value("${inference.request.max-batch-size:10000}") int maxBatchSize,
                     @Value("${inference.feedback.max-labels:10000}") int maxLabels) {
        this.maxBatchSize = maxBatchSize;
        this.maxLabels = maxLabels;
    }

    @Bean
    OpenAPI creditwatchApi() {
        Components components = new Components()
                .addSecuritySchemes(FEEDBACK_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A key of INFERENCE_FEEDBACK_API_KEYS: only its holders may send outcomes"));
        schemas().forEach(components::addSchemas);
        return new OpenAPI()
                .info(new Info().title("creditwatch inference API").version(VERSION)
                        .description("Scores credit applications (the probability of 90+ days past due within two "
                                + "years, a credit score and a risk band) and takes their outcomes later. Every "
                                + "answered prediction is captured for monitoring.")
                        .contact(new Contact().name("creditwatch").url("https://github.com/creditwatch/creditwatch"))
                        .license(new License().name("Apache-2.0")))
                .servers(list(new Server().url("/").description("this service")))
                .tags(list(new Tag().name("scoring").description("Decisions on applications"),
                        new Tag().name("outcomes").description("Ground truth for decisions made earlier")))
                .components(components)
                .paths(new Paths()
                        .addPathItem("/predict", new PathItem().post(predict()))
                        .addPathItem("/feedback", new PathItem().post(feedback())));
    }

    private Operation predict() {
        Map<String, Example> examples = new LinkedHashMap<>();
        examples.put("single", new Example().summary("one application").value(exampleApplication()));
        examples.put("batch", new Example().summary("a batch of one")
                .value(Map.of("instances", list(exampleApplication()))));
        return new Operation().operationId("predict").addTagsItem("scoring")
                .summary("Score one application, or a batch")
                .description("One application as an object, or up to " + maxBatchSize + " under \"instances\" "
                        + "(answered in input order). One invalid application refuses the whole batch, with every "
                        + "problem listed by index and field; with partial=true a batch's invalid applications are "
                        + "answered in their place instead, and only the valid ones scored and captured.")
                .addParametersItem(new Parameter().in("query").name("partial").required(false)
                        .description("true: score a batch's valid applications and answer each invalid one in its "
                                + "place with its errors (a batch with no valid application is still refused "
                                + "whole; a single application is answered or refused as without it)")
                        .schema(new BooleanSchema()._default(false)))
                .addParametersItem(new Parameter().in("query").name("challenger").required(false)
                        .description("true: each decision also carries the challenger's decision of the same "
                                + "application, when one is scored in the shadow (INFERENCE_CHALLENGER_PATH); the "
                                + "answer is the champion's either way, and without a challenger the field is left out")
                        .schema(new BooleanSchema()._default(false)))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType(JSON, new MediaType()
                        .schema(new Schema<>().oneOf(list(reference("Application"), reference("ApplicationBatch"))))
                        .examples(examples))))
                .responses(errors(new ApiResponse().description("Scored and captured")
                        .content(json(new Schema<>().oneOf(list(reference("Prediction"), reference("PredictionBatch"),
                                reference("PartialPredictionBatch"))))),
                        concat(BODY_ERRORS, Rejection.INVALID_APPLICATION, Rejection.MODEL_UNAVAILABLE,
                                Rejection.CAPTURE_UNAVAILABLE)));
    }

    private Operation feedback() {
        Map<String, Example> examples = new LinkedHashMap<>();
        examples.put("single", new Example().summary("one outcome, final as given")
                .value(Map.of("prediction_id", "01a21176-856c-750a-b397-55e4019095ac", "actual", 1)));
        examples.put("dated", new Example().summary("outcomes with the day they were seen")
                .value(Map.of("labels", list(Map.of("prediction_id", "01a21176-856c-750a-b397-55e4019095ac",
                        "actual", 0, "observed_at", "2026-03-31")))));
        return new Operation().operationId("feedback").addTagsItem("outcomes")
                .summary("Send the outcome of earlier predictions")
                .description("One label, or up to " + maxLabels + " under \"labels\". A final outcome stays final: "
                        + "the same one again is acknowledged, a different one refused. A dated performing status "
                        + "before the model's performance window ends is stored as performing so far.")
                .addSecurityItem(new SecurityRequirement().addList(FEEDBACK_KEY))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType(JSON, new MediaType()
                        .schema(new Schema<>().oneOf(list(reference("Label"), reference("LabelBatch"))))
                        .examples(examples))))
                .responses(errors(new ApiResponse().description("Each label's result; the accepted ones are stored")
                        .content(json(reference("FeedbackResult"))),
                        concat(BODY_ERRORS, Rejection.UNAUTHENTICATED, Rejection.FORBIDDEN,
                                Rejection.TOO_MANY_FAILED_AUTHENTICATIONS, Rejection.INVALID_LABEL,
                                Rejection.UNKNOWN_PREDICTION_ID, Rejection.LABEL_CONFLICT,
                                Rejection.STORE_UNAVAILABLE)));
    }

    /** The answer, and one refusal per status listing the reasons that answer with it. */
    private static ApiResponses errors(ApiResponse answer, List<Rejection> rejections) {
        ApiResponses responses = new ApiResponses().addApiResponse("200", answer);
        Map<Integer, List<Rejection>> byStatus = new TreeMap<>();
        for (Rejection rejection : rejections) {
            byStatus.computeIfAbsent(rejection.status().value(), status -> new ArrayList<>()).add(rejection);
        }
        byStatus.forEach((status, reasons) -> {
            StringBuilder description = new StringBuilder("Refused, with our error body; reason:");
            for (Rejection reason : reasons) {
                description.append("\n- `").append(reason.code()).append("`: ").append(WHEN.get(reason));
            }
            ApiResponse refusal = new ApiResponse().description(description.toString())
                    .content(json(reference("Error")));
            if (status == 429 || status == 503) {
                refusal.addHeaderObject("Retry-After", new Header().description("Seconds to wait before trying again")
                        .schema(new IntegerSchema().format(null).minimum(BigDecimal.ONE)));
            }
            responses.addApiResponse(Integer.toString(status), refusal);
        });
        return responses;
    }

    private static List<Rejection> concat(List<Rejection> common, Rejection... more) {
        List<Rejection> all = new ArrayList<>(common);
        all.addAll(Arrays.asList(more));
        return all;
    }

    private Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        ObjectSchema application = new ObjectSchema();
        application.description("One credit application: the ten features of the \"Give Me Some Credit\" data, "
                + "named exactly so. Missing is a value the model handles only where the field is nullable.");
        application.additionalProperties(false);
        for (Feature feature : Feature.values()) {
            Schema<?> field = feature.kind() == Feature.Kind.WHOLE ? new IntegerSchema().format(null)
                    : new NumberSchema();
            field.minimum(BigDecimal.valueOf(feature.min())).maximum(BigDecimal.valueOf(feature.max()))
                    .description(MEANING.get(feature)).example(exampleValue(feature));
            if (feature.nullable()) {
                field.nullable(true);
            } else {
                application.addRequiredItem(feature.jsonName());
            }
            application.addProperty(feature.jsonName(), field);
        }
        schemas.put("Application", application);
        schemas.put("ApplicationBatch", new ObjectSchema().addRequiredItem("instances")
                .addProperty("instances", new ArraySchema().items(reference("Application")).minItems(1)
                        .maxItems(maxBatchSize)));
        schemas.put("Decision", decision());
        schemas.put("Prediction", decision().description("The decision on one application")
                .addProperty("request_id", requestId()).addProperty("model_version", modelVersion())
                .addRequiredItem("request_id").addRequiredItem("model_version"));
        schemas.put("PredictionBatch", new ObjectSchema().description("The decisions on a batch, in input order")
                .addProperty("request_id", requestId()).addProperty("model_version", modelVersion())
                .addProperty("predictions", new ArraySchema().items(reference("Decision")))
                .required(list("request_id", "model_version", "predictions")));
        schemas.put("RefusedApplication", new ObjectSchema()
                .description("An invalid application of a partial batch, in its place: nothing was scored or captured")
                .addProperty("index", count("its position in the batch"))
                .addProperty("reason", new StringSchema()._enum(list(Rejection.INVALID_APPLICATION.code())))
                .addProperty("errors", fieldProblems("Its field problems, as the whole batch's refusal lists them for "
                        + "its index; at most 100"))
                .addProperty("error_count", count("its field problems in all"))
                .required(list("index", "reason", "errors", "error_count")));
        schemas.put("PartialPredictionBatch", new ObjectSchema()
                .description("A batch sent with partial=true: each application's decision or refusal, in input order")
                .addProperty("request_id", requestId()).addProperty("model_version", modelVersion())
                .addProperty("scored", count("applications scored and captured"))
                .addProperty("refused", count("invalid applications, answered in their place"))
                .addProperty("predictions", new ArraySchema().items(new Schema<>()
                        .oneOf(list(reference("Decision"), reference("RefusedApplication")))))
                .required(list("request_id", "model_version", "scored", "refused", "predictions")));
        schemas.put("Label", new ObjectSchema().description("The outcome of one earlier prediction")
                .addProperty("prediction_id", predictionId())
                .addProperty("actual", new IntegerSchema().format(null)._enum(list(0, 1))
                        .description("1: defaulted (90+ days past due); 0: performing").example(1))
                .addProperty("observed_at", new StringSchema().description("The UTC day the outcome was seen: an "
                        + "ISO-8601 date, or a date-time with its offset; without it the label is final as given")
                        .example("2026-03-31"))
                .required(list("prediction_id", "actual")));
        schemas.put("LabelBatch", new ObjectSchema().addRequiredItem("labels")
                .addProperty("labels", new ArraySchema().items(reference("Label")).minItems(1).maxItems(maxLabels)));
        schemas.put("FeedbackResult", new ObjectSchema()
                .addProperty("request_id", requestId())
                .addProperty("accepted", count("labels stored now"))
                .addProperty("unknown", count("labels for predictions the store does not have"))
                .addProperty("conflicting", count("labels contradicting a final outcome"))
                .addProperty("results", new ArraySchema().items(new ObjectSchema()
                        .addProperty("prediction_id", predictionId())
                        .addProperty("status", new StringSchema()._enum(list("accepted", "already_labelled",
                                "conflicting_label", "unknown_prediction_id")))
                        .addProperty("outcome", new StringSchema()._enum(list("default", "performing",
                                "performing_so_far")).description("For an accepted label: what it counts as")))));
        List<String> reasons = Arrays.stream(Rejection.values()).map(Rejection::code).toList();
        schemas.put("Error", new ObjectSchema().description("Every refusal")
                .addProperty("status", new IntegerSchema().format(null).example(400))
                .addProperty("error", new StringSchema().example("Bad Request"))
                .addProperty("reason", new StringSchema()._enum(reasons).example("invalid_application"))
                .addProperty("message", new StringSchema())
                .addProperty("request_id", requestId())
                .addProperty("errors", fieldProblems("Field problems, at most 100"))
                .addProperty("error_count", count("field problems in all"))
                .required(list("status", "error", "reason", "message", "request_id")));
        return schemas;
    }

    private static Schema<?> fieldProblems(String description) {
        return new ArraySchema().description(description).items(new ObjectSchema()
                .addProperty("index", new IntegerSchema().format(null).description("In a batch"))
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema()));
    }

    private static ObjectSchema decision() {
        ObjectSchema decision = new ObjectSchema();
        decision.addProperty("prediction_id", predictionId())
                .addProperty("prediction", new IntegerSchema().format(null)._enum(list(0, 1))
                        .description("1 (declined) when the lender's cut-off declines the application: the model "
                                + "card's, or the deployment's; see /health"))
                .addProperty("probability", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE)
                        .description("Probability of default (SeriousDlqin2yrs = 1)").example(0.13662321028329366))
                .addProperty("credit_score", new IntegerSchema().format(null)
                        .description("Scorecard points: 600 at 50:1 good:bad odds, 20 more per doubling").example(540))
                .addProperty("risk_band", new StringSchema().description("The probability's band").example("medium"))
                .addProperty("challenger", new ObjectSchema()
                        .description("With challenger=true, what the challenger decided in the shadow; not used")
                        .addProperty("model_version", new StringSchema().description("The challenger's version")
                                .example("1.1.0"))
                        .addProperty("prediction", new IntegerSchema().format(null)._enum(list(0, 1)))
                        .addProperty("probability", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE))
                        .addProperty("credit_score", new IntegerSchema().format(null))
                        .addProperty("risk_band", new StringSchema())
                        .required(list("model_version", "prediction", "probability", "credit_score", "risk_band")))
                .required(list("prediction_id", "prediction", "probability", "credit_score", "risk_band"));
        return decision;
    }

    private static Schema<?> predictionId() {
        return new StringSchema().format("uuid").description("Unique per application, time-ordered")
                .example("01a21176-856c-750a-b397-55e4019095ac");
    }

    private static Schema<?> requestId() {
        return new StringSchema().description("The X-Request-ID header when sent, else generated")
                .example("01a21176-8565-740f-b374-412045122c31");
    }

    private static Schema<?> modelVersion() {
        return new StringSchema().description("The version of the model that decided").example("1.0.0");
    }

    private static Schema<?> count(String what) {
        return new IntegerSchema().format(null).minimum(BigDecimal.ZERO).description(what);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType(JSON, new MediaType().schema(schema));
    }

    /** A list the OpenAPI model may still add to (its builders append to the lists they are given). */
    @SafeVarargs
    private static <T> List<T> list(T... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    private static Schema<?> reference(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static Map<String, Object> exampleApplication() {
        Map<String, Object> application = new LinkedHashMap<>();
        for (Feature feature : Feature.values()) {
            application.put(feature.jsonName(), exampleValue(feature));
        }
        return application;
    }

    private static Number exampleValue(Feature feature) {
        double value = EXAMPLE[feature.ordinal()];
        return feature.kind() == Feature.Kind.WHOLE ? (Number) (long) value : value;
    }
}

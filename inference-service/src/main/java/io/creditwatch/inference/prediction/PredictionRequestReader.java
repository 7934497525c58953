package io.creditwatch.inference.prediction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.model.schema.ApplicationValidator;
import io.creditwatch.model.schema.Feature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a /predict body by streaming it once: either one application (an object of feature
 * fields) or {@code {"instances": [application, ...]}}. Each field goes straight to the
 * application's {@link ApplicationValidator} as it is read, with its JSON type, so that every
 * problem can be reported by field without building an intermediate map.
 *
 * <p>The parser comes from {@link io.creditwatch.inference.web.RequestBodies}, which bounds the
 * body and reads {@code NaN} and {@code Infinity} as numbers, so they are refused by field, not as
 * malformed JSON.
 */
final class PredictionRequestReader {

    static final String INSTANCES = "instances";
    private static final SerializedString[] FIELD_NAMES = Feature.ALL.stream()
            .map(feature -> new SerializedString(feature.jsonName())).toArray(SerializedString[]::new);

    private final int maxBatchSize;

    PredictionRequestReader(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    /** What the body held: each application's validation result, and whether they came as a batch. */
    record Body(boolean batch, List<ApplicationValidator.Result> applications) {
    }

    Body read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new ApiException(Rejection.INVALID_BODY, "the body is empty; " + expectedShape());
        }
        if (first != JsonToken.START_OBJECT) {
            throw new ApiException(Rejection.INVALID_BODY,
                    "the body is a JSON " + describe(first) + "; " + expectedShape());
        }
        ApplicationValidator single = new ApplicationValidator();
        List<String> singleFields = new ArrayList<>(Feature.COUNT);
        List<ApplicationValidator.Result> instances = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (name.equals(INSTANCES) && instances == null) {
                instances = readInstances(parser, token);
            } else {
                singleFields.add(name);
                readField(parser, token, name, single);
            }
        }
        if (parser.nextToken() != null) {
            throw new ApiException(Rejection.MALFORMED_JSON, "unexpected content after the JSON object");
        }
        if (instances == null) {
            return new Body(false, List.of(single.finish()));
        }
        if (!singleFields.isEmpty()) {
            throw new ApiException(Rejection.INVALID_BODY, "a batch body holds only \"instances\"; it also has "
                    + String.join(", ", singleFields));
        }
        if (instances.isEmpty()) {
            throw new ApiException(Rejection.EMPTY_BATCH, "\"instances\" is empty; send at least one application");
        }
        return new Body(true, instances);
    }

    private List<ApplicationValidator.Result> readInstances(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new ApiException(Rejection.INVALID_BODY, "\"instances\" must be an array of applications, got "
                    + describe(token));
        }
        List<ApplicationValidator.Result> instances = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (instances.size() == maxBatchSize) {
                throw new ApiException(Rejection.BATCH_TOO_LARGE, "a batch holds at most " + maxBatchSize
                        + " applications");
            }
            if (element != JsonToken.START_OBJECT) {
                throw new ApiException(Rejection.INVALID_BODY, "instances[" + instances.size()
                        + "] must be an object (one application), got " + describe(element));
            }
            ApplicationValidator validator = new ApplicationValidator();
            for (JsonToken field = readInSchemaOrder(parser, validator); field == JsonToken.FIELD_NAME; field = parser
                    .nextToken()) {
                String name = parser.currentName();
                readField(parser, parser.nextToken(), name, validator);
            }
            instances.add(validator.finish());
        }
        return instances;
    }

    /**
     * Reads the application's leading fields that come in the schema's order, as clients usually
     * send them, matching each name on its raw bytes instead of decoding and looking it up; returns
     * the first token that is not the next expected field (another field's name, or the object's end),
     * from which the fields are read by name.
     */
    private static JsonToken readInSchemaOrder(JsonParser parser, ApplicationValidator validator) throws IOException {
        for (int f = 0; f < FIELD_NAMES.length; f++) {
            if (!parser.nextFieldName(FIELD_NAMES[f])) {
                return parser.currentToken();
            }
            readField(parser, parser.nextToken(), FIELD_NAMES[f].getValue(), validator);
        }
        return parser.nextToken();
    }

    private static void readField(JsonParser parser, JsonToken token, String name, ApplicationValidator validator)
            throws IOException {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> validator.number(name, parser.getDoubleValue());
            case VALUE_NULL -> validator.nullValue(name);
            default -> {
                validator.wrongType(name, withArticle(describe(token)));
                parser.skipChildren();
            }
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String withArticle(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static String expectedShape() {
        return "send one application as a JSON object of its features, or {\"instances\": [ ... ]}";
    }
}

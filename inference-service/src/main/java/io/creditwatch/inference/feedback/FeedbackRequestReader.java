package io.creditwatch.inference.feedback;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.store.OutcomeSubmission;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a /feedback body by streaming it once: {@code {"prediction_id": "...", "actual": 0|1,
 * "observed_at": "2026-03-31"}} ({@code observed_at} optional) or {@code {"labels": [ ...those... ]}}.
 * Every problem of every label is reported by index and field: an id that is not a prediction id as
 * /predict returns them, an outcome other than the whole numbers 0 and 1, an {@code observed_at}
 * that is not an ISO-8601 date or date-time with an offset, or is after today (UTC), a field given
 * twice, an unknown field. Whether the date is before its prediction is known only once the
 * prediction is looked up ({@link OutcomeRecorder}).
 */
final class FeedbackRequestReader {

    static final String LABELS = "labels";
    private static final String PREDICTION_ID = "prediction_id";
    private static final String ACTUAL = "actual";
    static final String OBSERVED_AT = "observed_at";
    /** Prediction ids are UUIDs, as /predict writes them (lower case; upper case is accepted and folded). */
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final int maxLabels;
    private final Clock clock;

    FeedbackRequestReader(int maxLabels, Clock clock) {
        this.maxLabels = maxLabels;
        this.clock = clock;
    }

    /** The labels of the body, and whether they came as a batch. */
    record Body(boolean batch, List<OutcomeSubmission> labels) {
    }

    Body read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw invalidBody();
        }
        List<ApiError.FieldProblem> problems = new ArrayList<>();
        LabelFields single = new LabelFields(null, LocalDate.now(clock));
        List<OutcomeSubmission> batch = null;
        boolean singleFields = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (name.equals(LABELS) && batch == null) {
                batch = readBatch(parser, token, problems);
            } else {
                singleFields = true;
                single.read(name, token, parser, problems);
            }
        }
        if (parser.nextToken() != null) {
            throw new ApiException(Rejection.MALFORMED_JSON, "unexpected content after the JSON object");
        }
        if (batch != null && singleFields) {
            throw new ApiException(Rejection.INVALID_BODY, "a batch body holds only \"labels\"");
        }
        if (batch == null) {
            OutcomeSubmission label = single.finish(problems);
            throwIfAny(problems);
            return new Body(false, List.of(label));
        }
        throwIfAny(problems);
        if (batch.isEmpty()) {
            throw new ApiException(Rejection.EMPTY_BATCH, "\"labels\" is empty; send at least one label");
        }
        return new Body(true, batch);
    }

    private List<OutcomeSubmission> readBatch(JsonParser parser, JsonToken token, List<ApiError.FieldProblem> problems)
            throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw new ApiException(Rejection.INVALID_BODY, "\"labels\" must be an array");
        }
        List<OutcomeSubmission> labels = new ArrayList<>();
        JsonToken element;
        for (int index = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; index++) {
            if (index == maxLabels) {
                throw new ApiException(Rejection.BATCH_TOO_LARGE, "a batch holds at most " + maxLabels + " labels");
            }
            if (element != JsonToken.START_OBJECT) {
                problems.add(new ApiError.FieldProblem(index, null, "must be an object with prediction_id and actual"));
                parser.skipChildren();
                continue;
            }
            LabelFields fields = new LabelFields(index, LocalDate.now(clock));
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                fields.read(name, parser.nextToken(), parser, problems);
            }
            OutcomeSubmission label = fields.finish(problems);
            if (label != null) {
                labels.add(label);
            }
        }
        return labels;
    }

    /** The fields of one label as they are read. */
    private static final class LabelFields {

        private final Integer index;
        private final LocalDate today;
        private final Set<String> seen = new HashSet<>();
        private String predictionId;
        private Integer actual;
        private Long observedAtMillis;
        private boolean invalid;

        LabelFields(Integer index, LocalDate today) {
            this.index = index;
            this.today = today;
        }

        void read(String name, JsonToken token, JsonParser parser, List<ApiError.FieldProblem> problems)
                throws IOException {
            if (!seen.add(name)) {
                problem(problems, name, "is given twice");
            } else if (name.equals(PREDICTION_ID)) {
                String text = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                if (text != null && UUID.matcher(text).matches()) {
                    predictionId = text.toLowerCase(Locale.ROOT);
                } else {
                    problem(problems, name, "must be the prediction_id string /predict returned (a UUID)");
                }
            } else if (name.equals(ACTUAL)) {
                if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                        && (parser.getIntValue() == 0 || parser.getIntValue() == 1)) {
                    actual = parser.getIntValue();
                } else {
                    problem(problems, name, "must be 0 (performing) or 1 (default)");
                }
            } else if (name.equals(OBSERVED_AT)) {
                readObservedAt(token == JsonToken.VALUE_STRING ? parser.getText() : null, problems);
            } else {
                problem(problems, name, "unknown field");
            }
            parser.skipChildren();
        }

        private void readObservedAt(String text, List<ApiError.FieldProblem> problems) {
            Instant observed = text == null ? null : parseDateOrDateTime(text);
            if (observed == null) {
                problem(problems, OBSERVED_AT, "must be an ISO-8601 date (2026-03-31) or date-time with an offset "
                        + "(2026-03-31T12:00:00Z)");
            } else if (LocalDate.ofInstant(observed, ZoneOffset.UTC).isAfter(today)) {
                problem(problems, OBSERVED_AT, "is in the future (after " + today + ", UTC)");
            } else {
                observedAtMillis = observed.toEpochMilli();
            }
        }

        /** The label, or null (with its problems added) when it is not complete and valid. */
        OutcomeSubmission finish(List<ApiError.FieldProblem> problems) {
            if (!seen.contains(PREDICTION_ID)) {
                problem(problems, PREDICTION_ID, "is required");
            }
            if (!seen.contains(ACTUAL)) {
                problem(problems, ACTUAL, "is required");
            }
            return invalid ? null : new OutcomeSubmission(predictionId, actual, observedAtMillis);
        }

        private void problem(List<ApiError.FieldProblem> problems, String field, String message) {
            invalid = true;
            problems.add(new ApiError.FieldProblem(index, field, message));
        }
    }

    /** A date is its day's start in UTC; a date-time must carry its offset. Null when it is neither. */
    private static Instant parseDateOrDateTime(String text) {
        if (text.length() > 40) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static void throwIfAny(List<ApiError.FieldProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        long labels = problems.stream().map(ApiError.FieldProblem::index).distinct().count();
        boolean single = problems.get(0).index() == null;
        throw new ApiException(Rejection.INVALID_LABEL, single ? "the label is invalid"
                : (labels == 1 ? "1 label is" : labels + " labels are") + " invalid; none was stored", problems);
    }

    private static ApiException invalidBody() {
        return new ApiException(Rejection.INVALID_BODY,
                "send {\"prediction_id\": \"...\", \"actual\": 0 or 1, \"observed_at\": \"YYYY-MM-DD\" (optional)} "
                        + "or {\"labels\": [ ... ]}");
    }
}

package io.creditwatch.inference.feedback;

import com.fasterxml.jackson.core.JsonFactory;
import io.creditwatch.inference.web.ApiError;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.store.OutcomeSubmission;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The /feedback body reader on its own: one label or a batch, and every problem named by index and field. */
class FeedbackRequestReaderTests {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String ID = "01a21176-856c-750a-b397-55e4019095ac";
    private final FeedbackRequestReader reader = new FeedbackRequestReader(2,
            Clock.fixed(Instant.parse("2026-03-31T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void oneLabelAndABatch() throws IOException {
        assertThat(read("{\"prediction_id\": \"" + ID.toUpperCase() + "\", \"actual\": 1}").labels())
                .containsExactly(new OutcomeSubmission(ID, 1));
        FeedbackRequestReader.Body batch = read("{\"labels\": [{\"prediction_id\": \"" + ID + "\", \"actual\": 0}]}");
        assertThat(batch.batch()).isTrue();
        assertThat(batch.labels()).containsExactly(new OutcomeSubmission(ID, 0));
    }

    @Test
    void aMalformedPredictionIdIsAProblemOfThatField() {
        assertThatThrownBy(() -> read("{\"prediction_id\": \"42\", \"actual\": 1}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.rejection()).isEqualTo(Rejection.INVALID_LABEL);
                    assertThat(e.rejection().status().value()).isEqualTo(400);
                    assertThat(e.problems()).containsExactly(new ApiError.FieldProblem(null, "prediction_id",
                            "must be the prediction_id string /predict returned (a UUID)"));
                });
    }

    @Test
    void everyProblemOfABatchIsReportedByIndex() {
        assertThatThrownBy(() -> read("{\"labels\": [{\"prediction_id\": \"" + ID + "\", \"actual\": 2},"
                + " {\"actual\": 1, \"actual\": 0}]}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("2 labels are invalid; none was stored");
                    assertThat(e.problems()).containsExactly(
                            new ApiError.FieldProblem(0, "actual", "must be 0 (performing) or 1 (default)"),
                            new ApiError.FieldProblem(1, "actual", "is given twice"),
                            new ApiError.FieldProblem(1, "prediction_id", "is required"));
                });
        assertThatThrownBy(() -> read("{\"labels\": [{}, {}, {}]}"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.BATCH_TOO_LARGE));
    }

    @Test
    void anObservationDateIsADayOrAnInstantWithItsOffset() throws IOException {
        assertThat(read("{\"prediction_id\": \"" + ID + "\", \"actual\": 0, \"observed_at\": \"2026-03-31\"}").labels())
                .containsExactly(new OutcomeSubmission(ID, 0, Instant.parse("2026-03-31T00:00:00Z").toEpochMilli()));
        assertThat(read(
                "{\"prediction_id\": \"" + ID + "\", \"actual\": 1, \"observed_at\": \"2026-03-31T23:30:00+02:00\"}")
                .labels())
                .containsExactly(new OutcomeSubmission(ID, 1, Instant.parse("2026-03-31T21:30:00Z").toEpochMilli()));
    }

    @Test
    void anObservationDateThatIsMalformedOrInTheFutureIsAProblemOfThatField() {
        String format = "must be an ISO-8601 date (2026-03-31) or date-time with an offset (2026-03-31T12:00:00Z)";
        assertThatThrownBy(() -> read("{\"labels\": [{\"prediction_id\": \"" + ID
                + "\", \"actual\": 0, \"observed_at\": \"31/03/2026\"},"
                + " {\"prediction_id\": \"" + ID + "\", \"actual\": 0, \"observed_at\": \"2026-03-31T12:00:00\"}]}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problems()).containsExactly(
                        new ApiError.FieldProblem(0, "observed_at", format),
                        new ApiError.FieldProblem(1, "observed_at", format)));
        assertThatThrownBy(() -> read("{\"prediction_id\": \"" + ID + "\", \"actual\": 0, \"observed_at\": 20260331}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problems()).containsExactly(
                        new ApiError.FieldProblem(null, "observed_at", format)));
        assertThatThrownBy(
                () -> read("{\"prediction_id\": \"" + ID + "\", \"actual\": 1, \"observed_at\": \"2026-04-01\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problems()).containsExactly(
                        new ApiError.FieldProblem(null, "observed_at", "is in the future (after 2026-03-31, UTC)")));
    }

    private FeedbackRequestReader.Body read(String json) throws IOException {
        try (var parser = JSON.createParser(json)) {
            return reader.read(parser);
        }
    }
}

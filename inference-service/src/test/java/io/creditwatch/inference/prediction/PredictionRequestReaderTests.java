package io.creditwatch.inference.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import io.creditwatch.inference.Applications;
import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The /predict body reader on its own: shapes, limits and field errors, without HTTP. */
class PredictionRequestReaderTests {

    private static final JsonFactory JSON = new JsonFactory();
    private final PredictionRequestReader reader = new PredictionRequestReader(3);

    @Test
    void oneApplicationIsASingleValidResult() throws IOException {
        PredictionRequestReader.Body body = read(Applications.SPECIFICATION_SINGLE);

        assertThat(body.batch()).isFalse();
        assertThat(body.applications()).singleElement().satisfies(result -> {
            assertThat(result.valid()).isTrue();
            assertThat(result.application().get(Feature.AGE)).isEqualTo(45);
        });
    }

    @Test
    void aBatchKeepsItsOrderAndReportsFieldErrorsPerApplication() throws IOException {
        PredictionRequestReader.Body body = read("{\"instances\": [" + Applications.SPECIFICATION_SINGLE + ","
                + Applications.SPECIFICATION_SINGLE.replace("\"age\": 45", "\"age\": \"forty\"") + "]}");

        assertThat(body.batch()).isTrue();
        assertThat(body.applications()).hasSize(2);
        assertThat(body.applications().get(0).valid()).isTrue();
        assertThat(body.applications().get(1).errors()).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("age"));
    }

    /**
     * Fields in the schema's order are matched on their bytes, any others by name: the same
     * application, or the same errors, whatever the order, as the single-application path reads them.
     */
    @Test
    void fieldsInAnyOrderReadTheSameInABatchAsAlone() throws IOException {
        String inOrder = "{\"RevolvingUtilizationOfUnsecuredLines\": 0.5, \"age\": 45, "
                + "\"NumberOfTime30-59DaysPastDueNotWorse\": 1, \"DebtRatio\": 0.3, \"MonthlyIncome\": null, "
                + "\"NumberOfOpenCreditLinesAndLoans\": 7, \"NumberOfTimes90DaysLate\": 0, "
                + "\"NumberRealEstateLoansOrLines\": 1, \"NumberOfTime60-89DaysPastDueNotWorse\": 0, "
                + "\"NumberOfDependents\": 2}";
        String reordered = "{\"age\": 45, \"RevolvingUtilizationOfUnsecuredLines\": 0.5, "
                + "\"NumberOfDependents\": 2, \"DebtRatio\": 0.3, \"NumberOfTime30-59DaysPastDueNotWorse\": 1, "
                + "\"MonthlyIncome\": null, \"NumberOfOpenCreditLinesAndLoans\": 7, \"NumberOfTimes90DaysLate\": 0, "
                + "\"NumberRealEstateLoansOrLines\": 1, \"NumberOfTime60-89DaysPastDueNotWorse\": 0}";
        String interrupted = inOrder.replace("\"DebtRatio\"", "\"Income\": 5, \"DebtRatio\"");
        String repeated = inOrder.replace("}", ", \"age\": 50}");
        String shortened = inOrder.replace(", \"NumberOfDependents\": 2", "");
        String wrongType = inOrder.replace("\"age\": 45", "\"age\": [45]");

        for (String application : java.util.List.of(inOrder, reordered, interrupted, repeated, shortened, wrongType)) {
            var alone = readBytes(application).applications().get(0);
            var inBatch = readBytes("{\"instances\": [" + application + "]}").applications().get(0);
            assertThat(inBatch.errors()).as(application).isEqualTo(alone.errors());
            if (alone.valid()) {
                assertThat(inBatch.application().values()).as(application)
                        .containsExactly(alone.application().values());
            }
        }
        assertThat(readBytes("{\"instances\": [" + reordered + "]}").applications().get(0).application().values())
                .containsExactly(
                        readBytes("{\"instances\": [" + inOrder + "]}").applications().get(0).application().values());
        assertThat(readBytes("{\"instances\": [" + repeated + "]}").applications().get(0).errors())
                .singleElement().satisfies(error -> assertThat(error.message()).isEqualTo("is given more than once"));
        assertThat(readBytes("{\"instances\": [" + interrupted + "]}").applications().get(0).errors())
                .singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("Income"));
    }

    @Test
    void shapesTheServiceRefuses() {
        assertRefused("", Rejection.INVALID_BODY, "the body is empty");
        assertRefused("[1, 2]", Rejection.INVALID_BODY, "the body is a JSON array");
        assertRefused("{\"instances\": []}", Rejection.EMPTY_BATCH, "\"instances\" is empty");
        assertRefused("{\"instances\": {}}", Rejection.INVALID_BODY, "\"instances\" must be an array");
        assertRefused("{\"instances\": [1]}", Rejection.INVALID_BODY, "instances[0] must be an object");
        assertRefused("{\"age\": 45, \"instances\": [{}]}", Rejection.INVALID_BODY, "it also has age");
        assertRefused("{\"instances\": [{}, {}, {}, {}]}", Rejection.BATCH_TOO_LARGE, "at most 3 applications");
        assertRefused("{} {}", Rejection.MALFORMED_JSON, "unexpected content after the JSON object");
    }

    private void assertRefused(String json, Rejection rejection, String message) {
        assertThatThrownBy(() -> read(json)).as(json).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.rejection()).isEqualTo(rejection);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** As the service reads bodies: from bytes, with Jackson's UTF-8 parser. */
    private PredictionRequestReader.Body readBytes(String json) throws IOException {
        try (var parser = JSON.createParser(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return reader.read(parser);
        }
    }

    private PredictionRequestReader.Body read(String json) throws IOException {
        try (var parser = JSON.createParser(json)) {
            return reader.read(parser);
        }
    }
}

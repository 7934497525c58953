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

    private PredictionRequestReader.Body read(String json) throws IOException {
        try (var parser = JSON.createParser(json)) {
            return reader.read(parser);
        }
    }
}

package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Every class of bad input: a 4xx with a JSON body naming the problem, counted in /metrics by reason. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/api.db"})
class BadInputTests extends ServiceOverHttp {

    @Test
    void malformedJson() {
        JsonNode body = refused(() -> client.postJson("/predict", "{\"age\": 45,"), 400, "malformed_json");
        assertThat(body.path("message").asText()).startsWith("malformed JSON at line 1, column");
    }

    @Test
    void trailingContentIsMalformed() {
        refused(() -> client.postJson("/predict", Applications.typical() + " {}"), 400, "malformed_json");
    }

    @Test
    void wrongContentType() {
        JsonNode body = refused(() -> client.post("/predict", "text/plain", Applications.typical()), 415,
                "unsupported_media_type");
        assertThat(body.path("message").asText()).contains("application/json");
        refused(() -> client.post("/predict", null, Applications.typical()), 415, "unsupported_media_type");
    }

    @Test
    void bodyThatIsNeitherAnApplicationNorInstances() {
        refused(() -> client.postJson("/predict", "[1, 2, 3]"), 400, "invalid_body");
        refused(() -> client.postJson("/predict", "\"hello\""), 400, "invalid_body");
        refused(() -> client.postJson("/predict", ""), 400, "invalid_body");
        refused(() -> client.postJson("/predict", "{\"instances\": {\"age\": 45}}"), 400, "invalid_body");
        JsonNode mixed = refused(() -> client.postJson("/predict", "{\"instances\": [], \"age\": 45}"), 400,
                "invalid_body");
        assertThat(mixed.path("message").asText()).contains("only \"instances\"", "age");
        JsonNode notObject = refused(
                () -> client.postJson("/predict", Applications.batchOf(Applications.typical(), "7")), 400,
                "invalid_body");
        assertThat(notObject.path("message").asText()).contains("instances[1] must be an object");
    }

    @Test
    void emptyBatch() {
        refused(() -> client.postJson("/predict", "{\"instances\": []}"), 400, "empty_batch");
    }

    @Test
    void batchOverTheLimitIs413() {
        String batch = Applications.batchOf(Collections.nCopies(10_001, Applications.typical()).toArray(String[]::new));

        JsonNode body = refused(() -> client.postJson("/predict", batch), 413, "batch_too_large");

        assertThat(body.path("message").asText()).contains("10000");
    }

    @Test
    void bodyOverTheSizeLimitIs413() {
        String huge = Applications.typical() + " ".repeat(17 * 1024 * 1024);

        refused(() -> client.postJson("/predict", huge), 413, "body_too_large");
    }

    @Test
    void wrongType() {
        assertFieldRefused(Applications.withField("age", "\"forty\""), "age", "must be a number, got a string");
        assertFieldRefused(Applications.withField("DebtRatio", "true"), "DebtRatio", "must be a number, got a boolean");
        assertFieldRefused(Applications.withField("MonthlyIncome", "[5400]"), "MonthlyIncome",
                "must be a number, got an array");
    }

    @Test
    void nanAndInfinity() {
        assertFieldRefused(Applications.withField("DebtRatio", "NaN"), "DebtRatio", "must be a finite number");
        assertFieldRefused(Applications.withField("MonthlyIncome", "Infinity"), "MonthlyIncome",
                "must be a finite number");
        assertFieldRefused(Applications.withField("MonthlyIncome", "1e400"), "MonthlyIncome",
                "must be a finite number");
    }

    @Test
    void negativeCountsAndOutOfDomainValues() {
        assertFieldRefused(Applications.withField("NumberOfTimes90DaysLate", "-1"), "NumberOfTimes90DaysLate",
                "must be between 0 and 98");
        assertFieldRefused(Applications.withField("age", "150"), "age", "must be between 18 and 120");
        assertFieldRefused(Applications.withField("NumberOfDependents", "1.5"), "NumberOfDependents",
                "must be a whole number");
    }

    @Test
    void unknownFieldNamesAreRefusedNotIgnored() {
        String typo = Applications.withField("age", null).replace("{", "{\"Age\":45,");

        JsonNode body = refused(() -> client.postJson("/predict", typo), 400, "invalid_application");

        assertThat(body.path("errors").findValuesAsText("message"))
                .contains("unknown field; did you mean 'age'?", "is required");
        assertThat(client.metric("ml_input_rejected_fields_total", "feature=\"unknown\"")).isPositive();
    }

    @Test
    void duplicateFieldsAreRefused() {
        assertFieldRefused(Applications.typical().replace("{", "{\"age\":30,"), "age", "is given more than once");
    }

    @Test
    void missingRequiredFeature() {
        double before = client.metric("ml_input_rejected_fields_total", "feature=\"DebtRatio\"");

        assertFieldRefused(Applications.withField("DebtRatio", null), "DebtRatio", "is required");

        assertThat(client.metric("ml_input_rejected_fields_total", "feature=\"DebtRatio\"")).isEqualTo(before + 1);
    }

    @Test
    void oneBadApplicationRejectsTheBatchNamingIndexAndField() {
        String batch = Applications.batchOf(Applications.typical(), Applications.typical(),
                Applications.withField("age", "\"forty\""));
        double predictions = client.metric("ml_predictions_total", "class=\"0\"");

        JsonNode body = refused(() -> client.postJson("/predict", batch), 400, "invalid_application");

        assertThat(body.path("message").asText())
                .isEqualTo("1 of 3 applications are invalid; the batch was not scored");
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).path("index").asInt()).isEqualTo(2);
        assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("age");
        assertThat(client.metric("ml_predictions_total", "class=\"0\"")).isEqualTo(predictions);
    }

    /** With nothing valid there is nothing to answer in part: the same 400 as without the opt-in. */
    @Test
    void aPartialBatchWithNoValidApplicationIsRefusedWhole() {
        String batch = Applications.batchOf(Applications.withField("age", "\"forty\""),
                Applications.withField("age", "7"));
        double predictions = client.metric("ml_predictions_total", "class=\"0\"");

        JsonNode body = refused(() -> client.postJson("/predict?partial=true", batch), 400, "invalid_application");

        assertThat(body.path("message").asText())
                .isEqualTo("2 of 2 applications are invalid; the batch was not scored");
        assertThat(body.path("errors").findValuesAsText("index")).containsExactly("0", "1");
        assertThat(client.metric("ml_predictions_total", "class=\"0\"")).isEqualTo(predictions);
    }

    @Test
    void partialIsTrueOrFalse() {
        JsonNode body = refused(() -> client.postJson("/predict?partial=yes", Applications.SPECIFICATION_BATCH), 400,
                "bad_request");

        assertThat(body.path("message").asText())
                .isEqualTo("the query parameter partial is true or false, not \"yes\"");
    }

    /** A single application is answered or refused: partial changes nothing for it. */
    @Test
    void aSingleInvalidApplicationIsRefusedAlsoWhenPartial() {
        JsonNode body = refused(() -> client.postJson("/predict?partial=true", Applications.withField("age", "7")), 400,
                "invalid_application");

        assertThat(body.path("errors").get(0).has("index")).isFalse();
    }

    @Test
    void everyProblemOfABatchIsCountedButOnlyAHundredListed() {
        String bad = Applications.withField("age", "\"x\"");
        String batch = Applications.batchOf(Collections.nCopies(150, bad).toArray(String[]::new));

        JsonNode body = refused(() -> client.postJson("/predict", batch), 400, "invalid_application");

        assertThat(body.path("errors")).hasSize(100);
        assertThat(body.path("error_count").asInt()).isEqualTo(150);
    }

    @Test
    void errorBodiesCarryTheRequestId() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "bad-1")
                .POST(HttpRequest.BodyPublishers.ofString("{"));

        ServiceClient.Response response = client.send(request);

        assertThat(response.header("X-Request-ID")).isEqualTo("bad-1");
        assertThat(response.json().path("request_id").asText()).isEqualTo("bad-1");
    }

    private void assertFieldRefused(String body, String field, String message) {
        JsonNode error = refused(() -> client.postJson("/predict", body), 400, "invalid_application");
        assertThat(error.path("errors")).anySatisfy(problem -> {
            assertThat(problem.path("field").asText()).isEqualTo(field);
            assertThat(problem.path("message").asText()).isEqualTo(message);
            assertThat(problem.has("index")).isFalse();
        });
    }

    /** Sends a request and asserts the status, the JSON error body and that it was counted under its reason. */
    private JsonNode refused(Supplier<ServiceClient.Response> send, int status, String reason) {
        String series = "ml_request_errors_total";
        String labels = "endpoint=\"/predict\",reason=\"" + reason + "\"";
        double before = client.metric(series, labels);
        ServiceClient.Response response = send.get();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("reason").asText()).isEqualTo(reason);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("request_id").asText()).isEqualTo(response.header("X-Request-ID"));
        assertThat(client.metric(series, labels)).as("%s{%s}", series, labels).isEqualTo(before + 1);
        assertThat(client.metric("ml_requests_total",
                "endpoint=\"/predict\",service=\"ml-inference\",status=\"" + status + "\""))
                .isPositive();
        return body;
    }
}

package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoredOutcome;
import io.creditwatch.store.StoredPrediction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/feedback.db"})
class FeedbackTests extends ServiceOverHttp {

    @Autowired
    PredictionStore store;

    @Autowired
    PredictionCapture capture;

    @Test
    void everyPredictionIsCapturedWithItsFeaturesAsReceived() throws Exception {
        long before = store.lastPredictionSeq();
        JsonNode response = client.postJson("/predict", Applications.batchOf(Applications.typical(),
                Applications.withField("MonthlyIncome", null))).json();
        assertThat(capture.awaitWritten(Duration.ofSeconds(5))).isTrue();

        List<StoredPrediction> stored = store.predictionsAfter(before, 10);

        assertThat(stored).extracting(StoredPrediction::predictionId)
                .containsExactly(response.at("/predictions/0/prediction_id").asText(),
                        response.at("/predictions/1/prediction_id").asText());
        assertThat(stored.get(0).features()[Feature.MONTHLY_INCOME.ordinal()]).isEqualTo(5400);
        assertThat(stored.get(1).features()[Feature.MONTHLY_INCOME.ordinal()]).isNaN();
        assertThat(stored.get(0).features()[Feature.AGE.ordinal()]).isEqualTo(52);
        assertThat(stored.get(0).probability()).isEqualTo(response.at("/predictions/0/probability").asDouble());
        assertThat(client.metric("ml_capture_written_total", "service")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theFirstLabelIsFinal() throws Exception {
        String id = predict();
        long before = store.lastOutcomeSeq();

        ServiceClient.Response first = client.postJson("/feedback", label(id, 1));
        ServiceClient.Response again = client.postJson("/feedback", label(id.toUpperCase(Locale.ROOT), 1));
        ServiceClient.Response rewrite = client.postJson("/feedback", label(id, 0));
        ServiceClient.Response batch = client.postJson("/feedback",
                "{\"labels\": [" + label(id, 0) + "," + label(id, 1) + "]}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(first.json().at("/results/0/status").asText()).isEqualTo("accepted");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/results/0/status").asText()).isEqualTo("already_labelled");
        assertThat(again.json().path("accepted").asInt()).isZero();
        assertThat(rewrite.status()).isEqualTo(409);
        assertThat(rewrite.json().path("reason").asText()).isEqualTo("label_conflict");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().path("conflicting").asInt()).isEqualTo(1);
        assertThat(batch.json().path("results").findValuesAsText("status"))
                .containsExactly("conflicting_label", "already_labelled");
        List<StoredOutcome> labels = store.outcomesAfter(before, 10);
        assertThat(labels).extracting(StoredOutcome::actual).containsExactly(1);
    }

    @Test
    void batchReportsUnknownIdsPerItem() throws Exception {
        String known = predict();
        double unknownBefore = client.metric("ml_feedback_labels_total", "result=\"unknown_prediction_id\"");

        ServiceClient.Response response = client.postJson("/feedback",
                "{\"labels\": [" + label(known, 1) + "," + label(UUID.randomUUID().toString(), 0) + "]}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("unknown").asInt()).isEqualTo(1);
        assertThat(body.path("results").findValuesAsText("status")).containsExactly("accepted",
                "unknown_prediction_id");
        assertThat(client.metric("ml_feedback_labels_total", "result=\"unknown_prediction_id\""))
                .isEqualTo(unknownBefore + 1);
    }

    @Test
    void aSingleUnknownIdIs404() {
        ServiceClient.Response response = client.postJson("/feedback", label(UUID.randomUUID().toString(), 1));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("reason").asText()).isEqualTo("unknown_prediction_id");
    }

    @Test
    void labelsRightAfterThePredictionAreKnown() {
        JsonNode predictions = client.postJson("/predict", Applications.batchOf(Applications.typical(),
                Applications.typical(), Applications.typical())).json().path("predictions");
        StringBuilder labels = new StringBuilder("{\"labels\": [");
        for (int i = 0; i < predictions.size(); i++) {
            labels.append(i > 0 ? "," : "").append(label(predictions.get(i).path("prediction_id").asText(), i % 2));
        }

        ServiceClient.Response response = client.postJson("/feedback", labels.append("]}").toString());

        assertThat(response.json().path("accepted").asInt()).isEqualTo(3);
    }

    @Test
    void onlyHoldersOfAnApiKeySendLabels() {
        String id = predict();
        HttpRequest.Builder anonymous = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feedback"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(label(id, 1)));
        HttpRequest.Builder wrongKey = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feedback"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer not-the-key")
                .POST(HttpRequest.BodyPublishers.ofString(label(id, 1)));

        ServiceClient.Response unauthenticated = client.send(anonymous);
        ServiceClient.Response forbidden = client.send(wrongKey);

        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.json().path("reason").asText()).isEqualTo("unauthenticated");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().path("reason").asText()).isEqualTo("forbidden");
        assertThat(client.postJson("/feedback", label(id, 1)).status()).as("the key of the tests").isEqualTo(200);
    }

    @Test
    void badLabelsAreRefusedByItemAndField() {
        String id = predict();

        assertRefused(label(id, 2), 400, "invalid_label", "actual", "must be 0 (performing) or 1 (default)");
        assertRefused("{\"prediction_id\": \"" + id + "\", \"actual\": 4294967296}", 400, "invalid_label", "actual",
                "must be 0 (performing) or 1 (default)");
        assertRefused("{\"prediction_id\": \"" + id + "\", \"actual\": 1.0}", 400, "invalid_label", "actual",
                "must be 0 (performing) or 1 (default)");
        assertRefused("{\"prediction_id\": \"" + id + "\", \"actual\": \"1\"}", 400, "invalid_label", "actual",
                "must be 0 (performing) or 1 (default)");
        assertRefused("{\"prediction_id\": \"" + id + "\"}", 400, "invalid_label", "actual", "is required");
        assertRefused("{\"prediction_id\": 5, \"actual\": 1}", 400, "invalid_label", "prediction_id",
                "must be the prediction_id string /predict returned (a UUID)");
        assertRefused("{\"prediction_id\": \"" + id.substring(0, 35) + "\\u0000\", \"actual\": 1}", 400,
                "invalid_label", "prediction_id", "must be the prediction_id string /predict returned (a UUID)");
        assertRefused("{\"prediction_id\": \"" + id + "\", \"actual\": 1, \"actual\": 0}", 400, "invalid_label",
                "actual", "is given twice");
        assertRefused("{\"prediction_id\": \"" + id + "\", \"actual\": 1, \"note\": 3}", 400, "invalid_label", "note",
                "unknown field");
        JsonNode batch = assertRefused("{\"labels\": [" + label(id, 1) + ", {\"actual\": 1}]}", 400, "invalid_label",
                "prediction_id", "is required");
        assertThat(batch.at("/errors/0/index").asInt()).isEqualTo(1);
        assertThat(batch.path("message").asText()).isEqualTo("1 label is invalid; none was stored");
        assertRefused("{\"labels\": []}", 400, "empty_batch", null, null);
        assertRefused("{\"labels\": 3}", 400, "invalid_body", null, null);
        assertRefused("[1]", 400, "invalid_body", null, null);
        assertRefused("{", 400, "malformed_json", null, null);
        assertRefused("{\"labels\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}", 400, "malformed_json", null, null);
        assertRefused("{\"labels\": [" + ("\"" + "x".repeat(1_000) + "\",").repeat(2_100) + "1]}", 413,
                "body_too_large", null, null);
        assertThat(client.post("/feedback", "text/plain", label(id, 1)).status()).isEqualTo(415);
    }

    @Test
    void aDatedPerformingStatusIsCensoredUntilAFinalOutcomeFollows() throws Exception {
        String id = predict();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        long before = store.lastOutcomeSeq();

        ServiceClient.Response soFar = client.postJson("/feedback", label(id, 0, today));
        ServiceClient.Response sameAgain = client.postJson("/feedback", label(id, 0, today));
        ServiceClient.Response defaulted = client.postJson("/feedback", label(id, 1, today));
        ServiceClient.Response defaultAgain = client.postJson("/feedback", label(id, 1, null));
        ServiceClient.Response undatedPerforming = client.postJson("/feedback", label(id, 0, null));

        assertThat(soFar.json().at("/results/0/status").asText()).isEqualTo("accepted");
        assertThat(soFar.json().at("/results/0/outcome").asText()).isEqualTo("performing_so_far");
        assertThat(sameAgain.json().at("/results/0/status").asText()).isEqualTo("already_labelled");
        assertThat(defaulted.json().at("/results/0/outcome").asText()).isEqualTo("default");
        assertThat(defaultAgain.json().at("/results/0/status").asText()).isEqualTo("already_labelled");
        assertThat(defaultAgain.json().at("/results/0").has("outcome")).isFalse();
        assertThat(undatedPerforming.status()).isEqualTo(409);
        List<StoredOutcome> labels = store.outcomesAfter(before, 10);
        assertThat(labels).extracting(StoredOutcome::actual).containsExactly(0, 1);
        assertThat(labels).extracting(StoredOutcome::isFinal).containsExactly(false, true);
        assertThat(labels.get(1).observedAtMillis())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    @Test
    void anObservationBeforeThePredictionRefusesTheBodyNamingTheField() throws Exception {
        String id = predict();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        long before = store.lastOutcomeSeq();

        JsonNode single = assertRefused(label(id, 1, yesterday), 400, "invalid_label", "observed_at",
                "is before the prediction (made on " + LocalDate.now(ZoneOffset.UTC) + ", UTC)");
        JsonNode batch = assertRefused("{\"labels\": [" + label(predict(), 1) + ", " + label(id, 0, yesterday) + "]}",
                400, "invalid_label", "observed_at",
                "is before the prediction (made on " + LocalDate.now(ZoneOffset.UTC)
                        + ", UTC)");

        assertThat(single.at("/errors/0").has("index")).isFalse();
        assertThat(batch.at("/errors/0/index").asInt()).isEqualTo(1);
        assertThat(store.lastOutcomeSeq()).as("none was stored").isEqualTo(before);
    }

    @Test
    void concurrentConflictingOutcomesLeaveOneFinalOutcomePerPrediction() throws Exception {
        JsonNode predictions = client.postJson("/predict", Applications.batchOf(
                java.util.Collections.nCopies(150, Applications.typical()).toArray(String[]::new))).json()
                .path("predictions");
        List<String> ids = new java.util.ArrayList<>();
        predictions.forEach(prediction -> ids.add(prediction.path("prediction_id").asText()));
        long before = store.lastOutcomeSeq();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> sends = new java.util.ArrayList<>();
            for (String id : ids) {
                sends.add(() -> client.postJson("/feedback", label(id, 0)).status());
                sends.add(() -> client.postJson("/feedback", label(id, 1)).status());
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> sent : senders.invokeAll(sends)) {
                statuses.add(sent.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(150);
        } finally {
            senders.shutdownNow();
        }
        Map<String, Long> stored = new java.util.HashMap<>();
        store.outcomesAfter(before, 1000).forEach(label -> stored.merge(label.predictionId(), 1L, Long::sum));
        assertThat(stored).hasSize(150).allSatisfy((id, count) -> assertThat(count).isOne());
    }

    private JsonNode assertRefused(String body, int status, String reason, String field, String message) {
        ServiceClient.Response response = client.postJson("/feedback", body);
        assertThat(response.status()).as(body).isEqualTo(status);
        JsonNode json = response.json();
        assertThat(json.path("reason").asText()).isEqualTo(reason);
        if (field != null) {
            assertThat(json.path("errors")).anySatisfy(problem -> {
                assertThat(problem.path("field").asText()).isEqualTo(field);
                assertThat(problem.path("message").asText()).isEqualTo(message);
            });
        }
        assertThat(client.metric("ml_request_errors_total", "endpoint=\"/feedback\",reason=\"" + reason + "\""))
                .isPositive();
        return json;
    }

    private String predict() {
        return client.postJson("/predict", Applications.typical()).json().path("prediction_id").asText();
    }

    private static String label(String predictionId, int actual) {
        return label(predictionId, actual, null);
    }

    private static String label(String predictionId, int actual, String observedAt) {
        return "{\"prediction_id\": \"" + predictionId + "\", \"actual\": " + actual
                + (observedAt == null ? "" : ", \"observed_at\": \"" + observedAt + "\"") + "}";
    }
}

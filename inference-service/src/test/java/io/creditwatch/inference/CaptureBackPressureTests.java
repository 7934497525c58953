package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable policy with the store down and a journal of 64 kB: once the journal is full, /predict
 * answers 503 capture_unavailable with a Retry-After, /health says why, and every prediction
 * that was answered is in the journal; nothing is dropped.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
                "spring.datasource.hikari.connection-timeout=250",
                "spring.datasource.hikari.initialization-fail-timeout=-1",
                "inference.capture.journal-max-size=64KB", "inference.capture.retry-after=7s",
                "inference.capture.min-retry-delay=100ms", "inference.capture.max-retry-delay=200ms",
                "inference.capture.shutdown-timeout=1s"})
class CaptureBackPressureTests extends ServiceOverHttp {

    @Test
    void aFullJournalTurnsPredictionsInto503sAndLosesNothingAnswered() {
        String batch = "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(20, Applications.typical()))
                + "]}";
        List<String> answered = new ArrayList<>();
        ServiceClient.Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            ServiceClient.Response response = client.postJson("/predict", batch);
            if (response.status() == 200) {
                response.json().path("predictions").forEach(p -> answered.add(p.path("prediction_id").asText()));
            } else {
                refused = response;
            }
        }

        assertThat(refused).as("the journal filled up").isNotNull();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        assertThat(refused.json().path("reason").asText()).isEqualTo("capture_unavailable");
        assertThat(refused.json().path("message").asText()).contains("size limit");
        assertThat(refused.json().has("predictions")).isFalse();
        assertThat(answered).hasSizeGreaterThan(100).doesNotHaveDuplicates();

        ServiceClient.Response health = client.get("/health");
        assertThat(health.status()).isEqualTo(503);
        JsonNode capture = health.json().at("/components/capture");
        assertThat(capture.path("status").asText()).isEqualTo("DOWN");
        assertThat(capture.at("/details/refusing").asText()).contains("size limit");
        assertThat(capture.at("/details/journal_backlog").asLong()).as("every answered prediction is journalled")
                .isEqualTo(answered.size());
        assertThat(client.metric("ml_capture_refused_total", "reason=\"journal_full\"")).isPositive();
        assertThat(client.metric("ml_capture_dropped_total", "service")).isZero();
        assertThat(client.metric("ml_predictions_total", "class=\"0\"")
                + client.metric("ml_predictions_total", "class=\"1\""))
                .as("only answered predictions are counted").isEqualTo(answered.size());
        await().untilAsserted(() -> assertThat(client.metric("ml_capture_journal_bytes", "service"))
                .isLessThanOrEqualTo(client.metric("ml_capture_journal_limit_bytes", "service")));
    }
}

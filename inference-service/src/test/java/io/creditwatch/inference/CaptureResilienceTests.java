package io.creditwatch.inference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A store that is down never fails a prediction: captures wait in the journal on local disk. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
                "spring.datasource.hikari.connection-timeout=250",
                "spring.datasource.hikari.initialization-fail-timeout=-1",
                "inference.capture.queue-capacity=3", "inference.capture.min-retry-delay=100ms",
                "inference.capture.max-retry-delay=200ms", "inference.capture.shutdown-timeout=1s"})
class CaptureResilienceTests extends ServiceOverHttp {

    @Test
    void predictionsAreServedWhileTheStoreIsDown() {
        for (int i = 0; i < 10; i++) {
            assertThat(client.postJson("/predict", Applications.typical()).status()).isEqualTo(200);
        }

        await().untilAsserted(
                () -> assertThat(client.metric("ml_capture_write_failures_total", "service")).isPositive());
        await().untilAsserted(() -> assertThat(client.metric("ml_capture_journal_backlog", "service")).isEqualTo(10));
        assertThat(client.metric("ml_capture_dropped_total", "service"))
                .as("the journal takes what the queue cannot hold")
                .isZero();
        ServiceClient.Response health = client.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/components/capture/details/store_reachable").asBoolean()).isFalse();
        assertThat(health.json().at("/components/capture/details/journal_backlog").asInt()).isEqualTo(10);
        assertThat(health.json().at("/components/capture/details/writes_failing_since").asText()).isNotBlank();
        ServiceClient.Response feedback = client.postJson("/feedback",
                "{\"prediction_id\": \"" + UUID.randomUUID() + "\", \"actual\": 1}");
        assertThat(feedback.status()).isEqualTo(503);
        assertThat(feedback.json().path("reason").asText()).isEqualTo("store_unavailable");
    }
}

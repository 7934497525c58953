package io.creditwatch.inference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that keeps guessing feedback keys is refused after three failures, whatever it sends next. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default", "inference.feedback.max-failed-authentications=3",
                "inference.feedback.failed-authentication-window=1h"})
class FeedbackThrottleTests extends ServiceOverHttp {

    @Test
    void failedAuthenticationIsThrottledPerClient() {
        String label = "{\"prediction_id\": \"" + UUID.randomUUID() + "\", \"actual\": 1}";
        for (int guess = 0; guess < 3; guess++) {
            assertThat(feedback(label, "guess-" + guess).status()).isEqualTo(403);
        }

        ServiceClient.Response throttled = feedback(label, "guess-4");
        ServiceClient.Response rightKey = feedback(label, ServiceClient.FEEDBACK_KEY);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().path("reason").asText()).isEqualTo("too_many_failed_authentications");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(3_000L, 3_600L);
        assertThat(rightKey.status()).as("a throttled client gets nowhere, even with the right key").isEqualTo(429);
        assertThat(client.metric("ml_feedback_authentication_total", "result=\"failed\"")).isEqualTo(3);
        assertThat(client.metric("ml_feedback_authentication_total", "result=\"throttled\"")).isEqualTo(2);
        assertThat(client.postJson("/predict", Applications.typical()).status()).as("/predict is not throttled")
                .isEqualTo(200);
    }

    private ServiceClient.Response feedback(String body, String key) {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feedback"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}

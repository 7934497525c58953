package io.creditwatch.inference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that hangs (accepts connections, never answers) holds no request: /feedback gives up on
 * it within the connection timeout and then answers 503 at once while it stays down, and
 * predictions keep being served meanwhile. Client timeouts here are failure detectors, not speed
 * measurements: without the bounds, each answer would take Hikari's default of 30 s.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "inference.model.path=../models/default")
class HangingStoreTests extends ServiceOverHttp {

    /** Listening, never accepting: connections complete in the kernel's backlog and nothing answers. */
    private static final ServerSocket STORE = listen();

    @DynamicPropertySource
    static void hangingStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + STORE.getLocalPort() + "/hanging");
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() throws Exception {
        STORE.close();
    }

    @Test
    void feedbackFailsFastAndPredictionsAreServedWhileTheStoreHangs() throws Exception {
        String label = "{\"prediction_id\": \"" + UUID.randomUUID() + "\", \"actual\": 1}";

        ServiceClient.Response first = client.send(feedback(label, Duration.ofSeconds(15)));
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.json().path("reason").asText()).isEqualTo("store_unavailable");

        List<CompletableFuture<ServiceClient.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> client.send(feedback(label, Duration.ofSeconds(1)))));
            answers.add(CompletableFuture.supplyAsync(() -> client.send(HttpRequest.newBuilder(uri("/predict"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Applications.typical())))));
        }
        for (CompletableFuture<ServiceClient.Response> answer : answers) {
            assertThat(answer.get().status()).isIn(200, 503);
        }
        assertThat(answers).filteredOn(answer -> answer.join().status() == 200).hasSize(40);
        assertThat(client.get("/health").status()).isEqualTo(200);
    }

    private HttpRequest.Builder feedback(String body, Duration timeout) {
        return HttpRequest.newBuilder(uri("/feedback")).timeout(timeout).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ServiceClient.FEEDBACK_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

package io.creditwatch.metrics;

import io.creditwatch.metrics.monitoring.MonitoringCycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that hangs (accepts connections, never answers): /health answers while a cycle waits
 * on the store, and the cycle gives up within the connection timeout and says the store is down.
 * The client timeout is a failure detector: a health check that waited for the store would take
 * Hikari's default of 30 s.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exporter.model-path=../models/default", "exporter.cycle-interval=1h"})
class HangingStoreTests {

    /** Listening, never accepting: connections complete in the kernel's backlog and nothing answers. */
    private static final ServerSocket STORE = listen();

    @LocalServerPort
    int port;

    @Autowired
    MonitoringCycle cycle;

    @DynamicPropertySource
    static void hangingStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + STORE.getLocalPort() + "/hanging");
    }

    @AfterAll
    static void close() throws IOException {
        STORE.close();
    }

    @Test
    void healthAnswersWhileACycleWaitsAndTheCycleReportsTheStoreDown() throws Exception {
        CompletableFuture<Void> running = CompletableFuture.runAsync(cycle::run);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isIn(200, 503);

        running.get();
        ExporterClient client = new ExporterClient(port);
        assertThat(client.metric("ml_exporter_store_up", "")).hasValue(0);
        assertThat(client.get("/health").statusCode()).isEqualTo(503);
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

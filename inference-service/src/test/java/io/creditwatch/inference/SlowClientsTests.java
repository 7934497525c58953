package io.creditwatch.inference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients cannot starve the others: 1,000 connections from one client (127.0.0.2) that send
 * a body's first byte and then one byte a second, while another client (127.0.0.1) asks for
 * predictions. Each of its requests is answered 200, none waits 3 s, and the slow connections get
 * 503 {@code server_busy} (past the per-client share of body permits) or 408 {@code body_timeout},
 * with their connection closed instead of their body drained.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inference.model.path=../models/default",
        "spring.datasource.url=jdbc:sqlite:target/test-stores/slow-clients.db",
        "inference.request.bodies.body-read-timeout=3s"})
class SlowClientsTests extends ServiceOverHttp {

    private static final int SLOW_CONNECTIONS = 1_000;

    @Test
    void athousandSlowBodiesFromOneClientDoNotStopAnotherClientsPredictions() throws Exception {
        InetAddress slowClient = InetAddress.getByName("127.0.0.2");
        List<RawHttp> slow = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                slow.add(new RawHttp(port, slowClient).send("POST /predict HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
            }
            long end = System.nanoTime() + 10_000_000_000L;
            long nextDrip = System.nanoTime();
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextDrip) {
                    for (RawHttp connection : slow) {
                        connection.trySend(" ");
                    }
                    nextDrip += 1_000_000_000L;
                }
                long started = System.nanoTime();
                ServiceClient.Response response = client.postJson("/predict", Applications.typical());
                latencies.add((System.nanoTime() - started) / 1_000_000);
                statuses.add(response.status());
                Thread.sleep(50);
            }
        } finally {
            for (RawHttp connection : slow) {
                connection.close();
            }
        }
        System.out.printf("[slow clients] %d predictions during the drip, the slowest %d ms%n", latencies.size(),
                latencies.stream().mapToLong(Long::longValue).max().orElse(-1));
        assertThat(statuses).hasSizeGreaterThan(50).containsOnly(200);
        assertThat(latencies.stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("the slowest of %d predictions, ms", latencies.size()).isLessThan(3_000);
        assertThat(client.metric("ml_request_errors_total", "reason=\"internal_error\"")).isZero();
        assertThat(client.metric("ml_request_errors_total", "reason=\"server_busy\"")).as("slow bodies refused")
                .isGreaterThan(SLOW_CONNECTIONS / 2.0);
    }
}

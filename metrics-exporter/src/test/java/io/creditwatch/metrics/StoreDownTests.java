package io.creditwatch.metrics;

import io.creditwatch.metrics.monitoring.MonitoringCycle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** With the store unreachable the exporter keeps serving /metrics, says so, and keeps trying. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exporter.model-path=../models/default", "exporter.cycle-interval=1h",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
        "spring.datasource.hikari.connection-timeout=250"})
class StoreDownTests {

    @LocalServerPort
    int port;

    @Autowired
    MonitoringCycle cycle;

    @Test
    void healthIsDownAndTheFailureCounted() {
        ExporterClient client = new ExporterClient(port);

        cycle.run();
        cycle.run();

        assertThat(client.get("/health").statusCode()).isEqualTo(503);
        assertThat(client.get("/health").body()).contains("\"monitoring\"", "\"error\"");
        assertThat(client.metric("ml_exporter_store_up", "")).hasValue(0);
        assertThat(client.metric("ml_exporter_cycle_failures_total", "").orElseThrow()).isGreaterThanOrEqualTo(2);
        assertThat(client.metric("ml_exporter_last_success_timestamp_seconds", "")).isEmpty();
        assertThat(client.metric("system_disk_usage_percent", "")).isPresent();
        assertThat(client.metric("ml_model_auc_roc", "source=\"holdout\"")).isPresent();
    }
}

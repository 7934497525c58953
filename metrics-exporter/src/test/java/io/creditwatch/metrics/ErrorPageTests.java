package io.creditwatch.metrics;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /error} and unknown paths get the same JSON 404 as the inference service gives. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exporter.model-path=../models/default", "exporter.cycle-interval=1h",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
        "spring.datasource.hikari.connection-timeout=250"})
class ErrorPageTests {

    @LocalServerPort
    int port;

    @Test
    void errorAndUnknownPathsAreJson404s() {
        ExporterClient client = new ExporterClient(port);

        for (String path : new String[]{"/error", "/no-such-page"}) {
            HttpResponse<String> response = client.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).as(path).contains("\"reason\":\"not_found\"", "\"status\":404");
        }
    }
}

package io.creditwatch.inference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a loadable model the service still starts, says so on /health, is not ready, and refuses to predict. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=target/no-such-bundle",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/no-model.db"})
class ModelUnavailableTests extends ServiceOverHttp {

    @Test
    void healthIsDownAndPredictIs503() {
        ServiceClient.Response health = client.get("/health");
        ServiceClient.Response predict = client.postJson("/predict", Applications.typical());

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/model/details/loaded").asBoolean()).isFalse();
        assertThat(health.json().at("/components/model/details/error").asText())
                .startsWith(
                        "no model bundle (a directory with model-card.json) at MODEL_PATH=target/no-such-bundle; looked in ")
                .contains(java.nio.file.Path.of("target/no-such-bundle").toAbsolutePath().toString());
        ServiceClient.Response readiness = client.get("/health/readiness");
        assertThat(readiness.status()).as("no traffic to a pod without a model").isEqualTo(503);
        assertThat(readiness.json().at("/components/model/status").asText()).isEqualTo("DOWN");
        assertThat(client.get("/health/liveness").status()).as("but no restart either").isEqualTo(200);
        assertThat(predict.status()).isEqualTo(503);
        assertThat(predict.json().path("reason").asText()).isEqualTo("model_unavailable");
        assertThat(client.get("/metrics").body()).doesNotContain("ml_model_info{");
    }
}

package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** INFERENCE_REASONS=all with INFERENCE_REASONS_TOP=2, over real HTTP: every decision is explained, by two reasons at most. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/reasons.db",
                "inference.reasons=all", "inference.reasons-top=2"})
class ReasonSettingsApiTests extends ServiceOverHttp {

    @Test
    void everyDecisionOfABatchCarriesAtMostTwoReasons() {
        JsonNode predictions = client.postJson("/predict", Applications.batchOf(Applications.typical(),
                Applications.DECLINED.strip())).json().path("predictions");

        assertThat(predictions).hasSize(2);
        assertThat(predictions.get(0).path("prediction").asInt()).isZero();
        assertThat(predictions.get(1).path("prediction").asInt()).isOne();
        for (JsonNode prediction : predictions) {
            JsonNode reasons = prediction.path("reasons");
            assertThat(reasons.isArray()).isTrue();
            assertThat(reasons.size()).isBetween(1, 2);
            assertThat(prediction.fieldNames()).toIterable().containsExactly("prediction_id", "prediction",
                    "probability",
                    "credit_score", "risk_band", "reasons");
        }
        assertThat(predictions.get(1).path("reasons")).hasSize(2);
    }
}

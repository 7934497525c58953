package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditwatch.model.scoring.RiskBands;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INFERENCE_DECISION_CUTOFF_BAND=high over real HTTP: the deployment's cut-off decides instead of
 * the card's, the high band declined and explained, the medium one approved, and /health says so.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/cutoff.db",
                "inference.decision.cutoff-band=high"})
class CutOffOverrideTests extends ServiceOverHttp {

    @Test
    void aBandCutOffDeclinesTheBandAndWorseOnly() {
        JsonNode predictions = client
                .postJson("/predict", Applications.batchOf(Applications.SPECIFICATION_SINGLE.strip(),
                        Applications.DECLINED.strip()))
                .json().path("predictions");

        // the specification's applicant, PD 0.137, is declined by the card's cut-off (PD 0.107) but in band medium
        assertThat(predictions.get(0).path("risk_band").asText()).isEqualTo("medium");
        assertThat(predictions.get(0).path("prediction").asInt()).isZero();
        assertThat(predictions.get(0).has("reasons")).isFalse();
        assertThat(predictions.get(1).path("risk_band").asText()).isEqualTo("high");
        assertThat(predictions.get(1).path("prediction").asInt()).isOne();
        assertThat(predictions.get(1).path("reasons")).isNotEmpty();

        JsonNode model = client.get("/health").json().at("/components/model/details");
        assertThat(model.path("cutoff").path("band").asText()).isEqualTo("high");
        assertThat(model.path("cutoff_source").asText()).isEqualTo("deployment");
        assertThat(model.path("cutoff_pd").asDouble()).isEqualTo(RiskBands.STANDARD.bands().get(1).upTo());
    }
}

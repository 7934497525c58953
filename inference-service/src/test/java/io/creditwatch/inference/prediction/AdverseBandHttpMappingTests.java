package io.creditwatch.inference.prediction;

import io.creditwatch.inference.Applications;
import io.creditwatch.inference.capture.PredictionCapture;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.model.ModelRegistry;
import io.creditwatch.inference.model.ReasonProperties;
import io.creditwatch.inference.model.ServingModel;
import io.creditwatch.inference.web.RequestBodies;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.scoring.DecisionPolicy;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.file.Path;
import java.util.Optional;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** INFERENCE_REASONS_ADVERSE_BANDS=medium: an approval in a band the lender treats as adverse is explained too. */
@WebMvcTest(controllers = PredictionController.class, properties = "inference.reasons-adverse-bands=medium")
@Import({RequestBodies.class, Predictions.class})
@EnableConfigurationProperties({RequestProperties.class, RequestBodies.Limits.class, ReasonProperties.class})
class AdverseBandHttpMappingTests {

    @Autowired
    MockMvc http;

    @MockitoBean
    ModelRegistry models;

    @MockitoBean
    PredictionCapture capture;

    @MockitoBean
    InferenceMetrics metrics;

    @Test
    void anApprovalInAnAdverseBandCarriesItsReasons() throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        when(models.current()).thenReturn(Optional.of(new ServingModel(bundle.card(), bundle.scorer(), 0.5,
                DecisionPolicy.ofPd(0.5), Scorecard.STANDARD, RiskBands.STANDARD, 4)));

        http.perform(
                post("/predict").contentType(MediaType.APPLICATION_JSON).content(Applications.SPECIFICATION_SINGLE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.prediction").value(0))
                .andExpect(jsonPath("$.risk_band").value("medium"))
                .andExpect(jsonPath("$.reasons[0].code").isString());
        http.perform(
                post("/predict").contentType(MediaType.APPLICATION_JSON).content(Applications.withField("age", "70")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.risk_band").value("low"))
                .andExpect(jsonPath("$.reasons").doesNotExist());
    }
}

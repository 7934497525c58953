package io.creditwatch.inference.prediction;

import io.creditwatch.inference.Applications;
import io.creditwatch.inference.capture.CaptureUnavailableException;
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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.Matchers.greaterThan;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP mapping of /predict alone (a {@code @WebMvcTest} slice): the model, the capture and the
 * meters are stand-ins, so these tests say what the controller answers, not how scoring works.
 */
@WebMvcTest(PredictionController.class)
@Import({RequestBodies.class, Predictions.class})
@EnableConfigurationProperties({RequestProperties.class, RequestBodies.Limits.class, ReasonProperties.class})
class PredictionHttpMappingTests {

    @Autowired
    MockMvc http;

    @MockitoBean
    ModelRegistry models;

    @MockitoBean
    PredictionCapture capture;

    @MockitoBean
    InferenceMetrics metrics;

    @Test
    void anApplicationIsAnsweredAndCaptured() throws Exception {
        serveTheBundledModel();

        http.perform(
                post("/predict").contentType(MediaType.APPLICATION_JSON).content(Applications.SPECIFICATION_SINGLE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model_version").value("1.0.0"))
                .andExpect(jsonPath("$.prediction").value(0))
                .andExpect(jsonPath("$.credit_score").value(540))
                .andExpect(jsonPath("$.risk_band").value("medium"))
                .andExpect(jsonPath("$.reasons").doesNotExist());
        verify(capture).record(any());
    }

    @Test
    void aDecisionThatCannotBeRecordedIsNotAnswered() throws Exception {
        serveTheBundledModel();
        doThrow(new CaptureUnavailableException(CaptureUnavailableException.Cause.JOURNAL_FULL, Duration.ofSeconds(3)))
                .when(capture).record(any());

        http.perform(
                post("/predict").contentType(MediaType.APPLICATION_JSON).content(Applications.SPECIFICATION_SINGLE))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "3"))
                .andExpect(jsonPath("$.reason").value("capture_unavailable"))
                .andExpect(jsonPath("$.prediction").doesNotExist())
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("size limit")));
    }

    /** By default (INFERENCE_REASONS=declined) a decline carries its reasons, at most four, the largest first. */
    @Test
    void aDeclineCarriesItsReasons() throws Exception {
        serveTheBundledModel();

        http.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content(Applications.DECLINED))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.prediction").value(1))
                .andExpect(jsonPath("$.reasons.length()").value(4))
                .andExpect(jsonPath("$.reasons[0].feature").isString())
                .andExpect(jsonPath("$.reasons[0].code").isString())
                .andExpect(jsonPath("$.reasons[0].description").isString())
                .andExpect(jsonPath("$.reasons[0].contribution").isNumber())
                .andExpect(jsonPath("$.reasons[3].contribution").value(greaterThan(0.0)));
    }

    @Test
    void inABatchOnlyTheDeclinesCarryReasons() throws Exception {
        serveTheBundledModel();

        http.perform(post("/predict").contentType(MediaType.APPLICATION_JSON)
                .content(Applications.batchOf(Applications.typical(), Applications.DECLINED)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.predictions[0].prediction").value(0))
                .andExpect(jsonPath("$.predictions[0].reasons").doesNotExist())
                .andExpect(jsonPath("$.predictions[1].prediction").value(1))
                .andExpect(jsonPath("$.predictions[1].reasons.length()").value(4));
    }

    private void serveTheBundledModel() throws IOException {
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        when(models.current()).thenReturn(Optional.of(new ServingModel(bundle.card(),
                bundle.scorer(), 0.5, DecisionPolicy.ofPd(0.5), new Scorecard(600, 50, 20),
                new RiskBands(List.of(new RiskBands.Band("low", 0.05), new RiskBands.Band("medium", 0.2),
                        new RiskBands.Band("high", 1.0))),
                4)));
    }

    @Test
    void withoutAModelTheAnswerIs503ModelUnavailable() throws Exception {
        when(models.current()).thenReturn(Optional.empty());

        http.perform(
                post("/predict").contentType(MediaType.APPLICATION_JSON).content(Applications.SPECIFICATION_SINGLE))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.reason").value("model_unavailable"));
    }

    @Test
    void otherMediaTypesAndMethodsAreRefusedWithOurBody() throws Exception {
        http.perform(post("/predict").contentType(MediaType.TEXT_PLAIN).content("age=45"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.reason").value("unsupported_media_type"));
        http.perform(get("/predict"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.reason").value("method_not_allowed"));
    }
}

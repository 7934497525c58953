package io.creditwatch.inference.feedback;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.inference.web.RequestBodies;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP mapping of /feedback alone (a {@code @WebMvcTest} slice with real API keys and a
 * stand-in for {@link OutcomeRecorder}): who may send labels, and what a single label's status becomes.
 */
@WebMvcTest(value = FeedbackController.class, properties = "inference.feedback.api-keys=the-key")
@Import({RequestBodies.class, FeedbackKeys.class, AuthenticationThrottle.class})
@EnableConfigurationProperties({FeedbackProperties.class, RequestBodies.Limits.class})
class FeedbackHttpMappingTests {

    private static final String ID = "01a21176-856c-750a-b397-55e4019095ac";
    private static final String LABEL = "{\"prediction_id\": \"" + ID + "\", \"actual\": 1}";

    @Autowired
    MockMvc http;

    @MockitoBean
    OutcomeRecorder labels;

    @MockitoBean
    InferenceMetrics metrics;

    @Test
    void withoutTheRightKeyNothingIsRead() throws Exception {
        http.perform(post("/feedback").contentType(MediaType.APPLICATION_JSON).content(LABEL))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.reason").value("unauthenticated"));
        http.perform(feedback("another-key"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("forbidden"));
        verifyNoInteractions(labels);
    }

    @Test
    void aSingleLabelsStatusBecomesItsAnswer() throws Exception {
        answer(OutcomeRecorder.ACCEPTED);
        http.perform(feedback("the-key")).andExpect(status().isOk()).andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.results[0].status").value("accepted"));

        answer(OutcomeRecorder.UNKNOWN);
        http.perform(feedback("the-key")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("unknown_prediction_id"));

        answer(OutcomeRecorder.CONFLICTING);
        http.perform(feedback("the-key")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("label_conflict"))
                .andExpect(jsonPath("$.message").value("prediction " + ID
                        + " already has the label 0 as its final outcome; a final outcome stays final"));
    }

    private void answer(String status) {
        when(labels.record(any(), anyBoolean()))
                .thenReturn(new OutcomeRecorder.Recorded(List.of(new OutcomeRecorder.OutcomeResult(ID, status, null)),
                        Map.of(status, 1), Map.of(ID, 0)));
    }

    private static MockHttpServletRequestBuilder feedback(String key) {
        return post("/feedback").contentType(MediaType.APPLICATION_JSON).content(LABEL)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
    }
}

package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditwatch.store.ChallengerPrediction;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoredPrediction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A challenger loaded with INFERENCE_CHALLENGER_PATH, over real HTTP: every application is scored
 * by both models, the answer is the champion's alone (the same fields as without a challenger),
 * the challenger's decision is stored under the same prediction id with its own version, and
 * /health names both; a client that asks ({@code ?challenger=true}) sees the challenger's decision
 * beside the champion's. The challenger here is the default bundle under another version, so its
 * probabilities must equal the champion's.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/challenger.db"})
class ChallengerShadowTests extends ServiceOverHttp {

    private static final String CHALLENGER_VERSION = "1.1.0-challenger";

    @Autowired
    PredictionStore store;

    @DynamicPropertySource
    static void challenger(DynamicPropertyRegistry registry) {
        registry.add("inference.challenger.path", () -> challengerBundle().toString());
    }

    /** The default bundle, copied under another model version. */
    private static Path challengerBundle() {
        try {
            Path bundle = Files.createTempDirectory("creditwatch-challenger");
            try (Stream<Path> files = Files.list(Path.of("../models/default"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, bundle.resolve(file.getFileName()));
                }
            }
            Path card = bundle.resolve("model-card.json");
            String text = Files.readString(card);
            assertThat(text).contains("\"model_version\" : \"1.0.0\"");
            Files.writeString(card, text.replace("\"model_version\" : \"1.0.0\"",
                    "\"model_version\" : \"" + CHALLENGER_VERSION + "\""));
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void bothModelsScoreEveryApplicationAndOnlyTheChampionAnswers() throws Exception {
        long seq = store.lastPredictionSeq();
        JsonNode answer = client.postJson("/predict", Applications.batchOf(Applications.typical().strip(),
                Applications.DECLINED.strip())).json();

        List<String> ids = new ArrayList<>();
        for (JsonNode prediction : answer.path("predictions")) {
            ids.add(prediction.path("prediction_id").asText());
            List<String> fields = new ArrayList<>();
            prediction.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("the champion's answer").doesNotContain("challenger")
                    .allMatch(field -> !field.contains("challenger"));
        }
        assertThat(answer.path("model_version").asText()).isEqualTo("1.0.0");
        await().until(() -> store.predictionTimes(ids).size() == 2);
        List<StoredPrediction> stored = store.predictionsAfter(seq, 10);
        assertThat(stored).extracting(StoredPrediction::predictionId).containsExactlyElementsOf(ids);
        for (StoredPrediction prediction : stored) {
            ChallengerPrediction shadow = prediction.challenger();
            assertThat(shadow).as("the challenger's prediction of %s", prediction.predictionId()).isNotNull();
            assertThat(shadow.modelVersion()).isEqualTo(CHALLENGER_VERSION);
            assertThat(shadow.probability()).isEqualTo(prediction.probability());
            assertThat(shadow.predictedClass()).isEqualTo(prediction.predictedClass());
        }
        assertThat(stored).extracting(StoredPrediction::predictedClass).containsExactly(0, 1);

        JsonNode asked = client.postJson("/predict?challenger=true", Applications.DECLINED).json();
        assertThat(asked.path("model_version").asText()).as("the answer is the champion's").isEqualTo("1.0.0");
        assertThat(asked.path("challenger").path("model_version").asText()).isEqualTo(CHALLENGER_VERSION);
        assertThat(asked.path("challenger").path("probability").asDouble())
                .isEqualTo(asked.path("probability").asDouble());
        assertThat(asked.path("challenger").path("prediction").asInt()).isEqualTo(1);
        assertThat(client.postJson("/predict?challenger=yes", Applications.DECLINED).status()).isEqualTo(400);

        JsonNode model = client.get("/health").json().at("/components/model/details");
        assertThat(model.path("version").asText()).isEqualTo("1.0.0");
        assertThat(model.path("challenger").path("loaded").asBoolean()).isTrue();
        assertThat(model.path("challenger").path("version").asText()).isEqualTo(CHALLENGER_VERSION);
        assertThat(model.path("challenger").path("cutoff_pd").asDouble()).isEqualTo(model.path("cutoff_pd").asDouble());
    }
}

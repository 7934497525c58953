package io.creditwatch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.metrics.monitoring.MonitoringCycle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path over real HTTP: the built inference-service jar runs as its own process on a
 * free port; predictions and labels go through its API into a shared SQLite store; one exporter
 * cycle later the exporter's /metrics has model quality, drift and data quality.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exporter.model-path=../models/default", "exporter.cycle-interval=1h", "exporter.min-labels=100",
        "exporter.min-drift-rows=500"})
class InferenceToExporterTests {

    private static final Path JAR = Path.of("../inference-service/target/inference-service.jar");
    private static final String FEEDBACK_KEY = "exporter-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STORE = temporaryStore();
    private static Process inference;
    private static ExporterClient inferenceClient;

    @LocalServerPort
    int port;

    @Autowired
    MonitoringCycle cycle;

    @DynamicPropertySource
    static void sharedStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", InferenceToExporterTests::storeUrl);
    }

    private static Path temporaryStore() {
        try {
            return Files.createTempDirectory("creditwatch-e2e").resolve("predictions.db");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String storeUrl() {
        return "jdbc:sqlite:" + STORE + "?journal_mode=WAL&busy_timeout=10000";
    }

    @BeforeAll
    static void startInferenceService() throws Exception {
        assertThat(JAR).as("build inference-service first (mvn verify builds it before this module)").exists();
        int inferencePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            inferencePort = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/inference-service-e2e.log").toFile());
        builder.environment().putAll(Map.of("SERVICE_PORT", Integer.toString(inferencePort),
                "MODEL_PATH", "../models/default", "SPRING_DATASOURCE_URL", storeUrl(),
                "INFERENCE_FEEDBACK_API_KEYS", FEEDBACK_KEY,
                "INFERENCE_CAPTURE_JOURNAL_DIRECTORY", STORE.resolveSibling("capture-journal").toString()));
        inference = builder.start();
        inferenceClient = new ExporterClient(inferencePort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> inferenceClient.get("/health").statusCode() == 200);
    }

    @AfterAll
    static void stopInferenceService() {
        if (inference != null) {
            inference.destroy();
        }
    }

    @Test
    void predictionsAndFeedbackBecomeQualityDriftAndDataQuality() throws Exception {
        List<CreditRecord> records = new SyntheticCreditGenerator(11).generate(1_000).stream()
                .filter(record -> record.get(Feature.AGE) >= 18).toList();
        List<String> predictionIds = new ArrayList<>();
        for (int start = 0; start < records.size(); start += 250) {
            List<CreditRecord> chunk = records.subList(start, Math.min(records.size(), start + 250));
            JsonNode response = JSON.readTree(inferenceClient.postJson("/predict", batch(chunk)).body());
            response.path("predictions").forEach(p -> predictionIds.add(p.path("prediction_id").asText()));
        }
        StringBuilder labels = new StringBuilder("{\"labels\": [");
        for (int i = 0; i < predictionIds.size(); i++) {
            labels.append(i > 0 ? "," : "").append("{\"prediction_id\":\"").append(predictionIds.get(i))
                    .append("\",\"actual\":").append(records.get(i).label()).append('}');
        }
        JsonNode feedback = JSON
                .readTree(inferenceClient.postJson("/feedback", labels.append("]}").toString(), FEEDBACK_KEY).body());
        assertThat(feedback.path("accepted").asInt()).isEqualTo(records.size());

        cycle.run();

        ExporterClient exporter = new ExporterClient(port);
        assertThat(exporter.metric("ml_drift_window_predictions", "")).hasValue(records.size());
        assertThat(exporter.metric("ml_model_labelled_predictions", "source=\"live\"")).hasValue(records.size());
        for (String series : List.of("ml_model_accuracy", "ml_model_precision", "ml_model_recall", "ml_model_f1_score",
                "ml_model_auc_roc")) {
            assertThat(exporter.metric(series, "source=\"live\"")).as(series).isPresent();
            assertThat(exporter.metric(series, "source=\"holdout\"")).as(series).isPresent();
        }
        assertThat(exporter.metric("ml_model_auc_roc", "source=\"live\"").orElseThrow()).isBetween(0.7, 0.95);
        assertThat(exporter.metric("ml_data_drift_score", "").orElseThrow()).isLessThan(0.1);
        assertThat(exporter.metric("ml_data_drift_detected", "")).hasValue(0);
        assertThat(exporter.metric("ml_data_quality_missing_values_percent", "")).isPresent();
        assertThat(exporter.metric("ml_data_quality_outliers_percent", "")).isPresent();
        assertThat(exporter.metric("ml_feature_psi", "feature=\"MonthlyIncome\"")).isPresent();
        for (String series : List.of("system_cpu_usage_percent", "system_memory_usage_percent",
                "system_disk_usage_percent", "ml_service_uptime_seconds")) {
            assertThat(exporter.metric(series, "")).as(series).isPresent();
        }
    }

    private static String batch(List<CreditRecord> records) {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < records.size(); i++) {
            body.append(i > 0 ? "," : "").append('{');
            for (Feature feature : Feature.ALL) {
                double value = records.get(i).get(feature);
                body.append(feature.ordinal() > 0 ? "," : "").append('"').append(feature.jsonName()).append("\":")
                        .append(Double.isNaN(value) ? "null" : Double.toString(value));
            }
            body.append('}');
        }
        return body.append("]}").toString();
    }
}

package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.reasons.Reason;
import io.creditwatch.model.reasons.ReasonRanker;
import io.creditwatch.store.PredictionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/api.db"})
@ExtendWith(OutputCaptureExtension.class)
class PredictionApiTests extends ServiceOverHttp {

    @Autowired
    PredictionStore store;

    @Test
    void specificationSingleExampleReturnsOneResult() throws Exception {
        ServiceClient.Response response = client.postJson("/predict", Applications.SPECIFICATION_SINGLE);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("model_version").asText()).isEqualTo("1.0.0");
        assertThat(body.path("request_id").asText()).isNotBlank().isEqualTo(response.header("X-Request-ID"));
        assertThat(body.path("prediction_id").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(body.path("prediction").asInt()).isIn(0, 1);
        double probability = body.path("probability").asDouble();
        assertThat(probability).isBetween(0.0, 1.0);
        // the bundle's cut-off, the PD at which 85% of its hold-out is approved, declines this one
        double cutOff = ModelBundle.readCard(Path.of("../models/default")).cutOff().pd();
        assertThat(cutOff).isLessThan(probability);
        assertThat(body.path("prediction").asInt()).isEqualTo(probability >= cutOff ? 1 : 0);
        // scorecard: 600 points at 50:1 good:bad odds, 20 points to double the odds
        double expectedScore = 600 + 20 / Math.log(2) * (Math.log((1 - probability) / probability) - Math.log(50));
        assertThat(body.path("credit_score").asDouble()).isCloseTo(expectedScore, within(0.5));
        assertThat(body.path("risk_band").asText())
                .isEqualTo(probability < 0.05 ? "low" : probability < 0.20 ? "medium" : "high");
        assertThat(body.has("predictions")).isFalse();
    }

    @Test
    void specificationBatchExampleReturnsAList() {
        ServiceClient.Response response = client.postJson("/predict", Applications.SPECIFICATION_BATCH);
        ServiceClient.Response single = client.postJson("/predict", Applications.SPECIFICATION_SINGLE);

        assertThat(response.status()).isEqualTo(200);
        JsonNode predictions = response.json().path("predictions");
        assertThat(predictions.isArray()).isTrue();
        assertThat(predictions).hasSize(1);
        assertThat(predictions.get(0).path("probability").asDouble())
                .isEqualTo(single.json().path("probability").asDouble());
        assertThat(predictions.get(0).fieldNames()).toIterable()
                .containsExactly("prediction_id", "prediction", "probability", "credit_score", "risk_band", "reasons");
        assertThat(client.postJson("/predict", Applications.batchOf(Applications.typical())).json().path("predictions")
                .get(0).fieldNames()).toIterable()
                .containsExactly("prediction_id", "prediction", "probability", "credit_score", "risk_band");
    }

    /**
     * A decline's reasons over HTTP are the bundle's own: its top four positive exact SHAP values,
     * recomputed here in-process from the same bundle, with the card's codes.
     */
    @Test
    void aDeclineIsAnsweredWithTheReasonsTheBundleGivesIt() throws Exception {
        JsonNode body = client.postJson("/predict", Applications.DECLINED).json();
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        double[] row = {1.1, 30, 3, 0.9, 1500, 3, 3, 0, 2, 3};
        List<Reason> expected = new ReasonRanker(bundle.card().reasons(), 4)
                .reasons(bundle.scorer().contributions(row));

        assertThat(body.path("prediction").asInt()).isEqualTo(1);
        JsonNode reasons = body.path("reasons");
        assertThat(reasons).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(reasons.get(i).path("feature").asText()).isEqualTo(expected.get(i).feature());
            assertThat(reasons.get(i).path("code").asText()).isEqualTo(expected.get(i).code());
            assertThat(reasons.get(i).path("description").asText()).isEqualTo(expected.get(i).description());
            assertThat(reasons.get(i).path("contribution").asDouble()).isEqualTo(expected.get(i).contribution());
        }
        assertThat(reasons.get(0).path("contribution").asDouble())
                .isGreaterThanOrEqualTo(reasons.get(3).path("contribution").asDouble()).isPositive();
        assertThat(client.postJson("/predict", Applications.typical()).json().has("reasons")).isFalse();
    }

    /** The adverse-action record: the store keeps a decline's reasons exactly as they were answered, and none for an approval. */
    @Test
    void aDeclinesReasonsAreStoredAsAnswered() throws Exception {
        JsonNode declined = client.postJson("/predict", Applications.DECLINED).json();
        JsonNode approved = client.postJson("/predict", Applications.typical()).json();
        String declinedId = declined.path("prediction_id").asText();
        String approvedId = approved.path("prediction_id").asText();

        await().until(() -> store.predictionTimes(List.of(declinedId, approvedId)).size() == 2);
        Map<String, String> stored = store.reasons(List.of(declinedId, approvedId));
        assertThat(stored).containsOnlyKeys(declinedId);
        assertThat(new ObjectMapper().readTree(stored.get(declinedId))).isEqualTo(declined.path("reasons"));
    }

    @Test
    void batchResultsComeInInputOrderWithUniqueIds() {
        String young = Applications.withField("age", "23");
        String old = Applications.withField("age", "80");
        String late = Applications.withField("NumberOfTimes90DaysLate", "3");
        JsonNode predictions = client.postJson("/predict", Applications.batchOf(young, old, late)).json()
                .path("predictions");

        assertThat(predictions).hasSize(3);
        String[] singles = {young, old, late};
        for (int i = 0; i < 3; i++) {
            assertThat(predictions.get(i).path("probability").asDouble())
                    .isEqualTo(client.postJson("/predict", singles[i]).json().path("probability").asDouble());
        }
        assertThat(predictions.findValuesAsText("prediction_id")).doesNotHaveDuplicates();
    }

    /**
     * {@code ?partial=true}: the valid applications are scored and captured as alone, the invalid
     * ones answered in their place with the very errors the default 400 lists for their index,
     * counted by field as the 400 counts them, and neither scored nor stored.
     */
    @Test
    void aPartialBatchAnswersInvalidApplicationsInTheirPlace() throws Exception {
        String unknownField = Applications.withField("Age", "52");
        String outOfDomain = Applications.withField("DebtRatio", "-0.731905");
        String batch = Applications.batchOf(unknownField, Applications.typical(), outOfDomain, Applications.DECLINED);
        JsonNode whole = client.postJson("/predict", batch).json();
        double rejectedAge = client.metric("ml_input_rejected_fields_total", "feature=\"unknown\"");
        double rejectedDebt = client.metric("ml_input_rejected_fields_total", "feature=\"DebtRatio\"");
        double predicted = client.metric("ml_predictions_total", "class=\"0\"")
                + client.metric("ml_predictions_total", "class=\"1\"");
        long seq = store.lastPredictionSeq();

        ServiceClient.Response response = client.postJson("/predict?partial=true", batch);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("scored").asInt()).isEqualTo(2);
        assertThat(body.path("refused").asInt()).isEqualTo(2);
        JsonNode answers = body.path("predictions");
        assertThat(answers).hasSize(4);
        for (int refused : new int[]{0, 2}) {
            JsonNode answer = answers.get(refused);
            assertThat(answer.has("prediction_id")).isFalse();
            assertThat(answer.path("index").asInt()).isEqualTo(refused);
            assertThat(answer.path("reason").asText()).isEqualTo("invalid_application");
            List<JsonNode> expected = whole.path("errors").findParents("index").stream()
                    .filter(problem -> problem.path("index").asInt() == refused).toList();
            assertThat(expected).isNotEmpty();
            assertThat(answer.path("errors")).containsExactlyElementsOf(expected);
            assertThat(answer.path("error_count").asInt()).isEqualTo(expected.size());
        }
        assertThat(answers.get(1).path("probability").asDouble())
                .isEqualTo(client.postJson("/predict", Applications.typical()).json().path("probability").asDouble());
        assertThat(answers.get(3).path("prediction").asInt()).isEqualTo(1);
        assertThat(answers.get(3).path("reasons")).hasSize(4);
        assertThat(client.metric("ml_input_rejected_fields_total", "feature=\"unknown\"")).isEqualTo(rejectedAge + 1);
        assertThat(client.metric("ml_input_rejected_fields_total", "feature=\"DebtRatio\""))
                .isEqualTo(rejectedDebt + 1);

        List<String> ids = List.of(answers.get(1).path("prediction_id").asText(),
                answers.get(3).path("prediction_id").asText());
        await().until(() -> store.predictionTimes(ids).size() == 2);
        // the 1 more is the single typical application scored above for comparison
        assertThat(client.metric("ml_predictions_total", "class=\"0\"")
                + client.metric("ml_predictions_total", "class=\"1\""))
                .isEqualTo(predicted + 3);
        assertThat(store.predictionsAfter(seq, 10_000)).extracting(stored -> stored.features()[3])
                .doesNotContain(-0.731905);
    }

    /** The partial example of docs/api.md, sent as its curl sends it, is answered as shown there, ids aside. */
    @Test
    void theReadmesPartialExampleIsAnsweredAsShown() throws Exception {
        String readme = Files.readString(Path.of("../docs/api.md"));
        Matcher example = Pattern.compile(
                "(?s)curl -X POST 'http://localhost:5000(/predict\\?partial=true)'.*?-d '(.*?)'\n```\n```json\n(.*?)\n```")
                .matcher(readme);
        assertThat(example.find()).as("the partial example of docs/api.md").isTrue();

        String answer = client.postJson(example.group(1), example.group(2)).body();

        assertThat(answer.replaceAll("\"(request_id|prediction_id)\":\"[^\"]+\"", "\"$1\":\"...\""))
                .isEqualTo(example.group(3));
    }

    @Test
    void aPartialBatchOfValidApplicationsIsTheUsualAnswerWithItsCounts() {
        JsonNode usual = client.postJson("/predict", Applications.SPECIFICATION_BATCH).json();
        JsonNode partial = client.postJson("/predict?partial=true", Applications.SPECIFICATION_BATCH).json();

        assertThat(partial.path("scored").asInt()).isEqualTo(1);
        assertThat(partial.path("refused").asInt()).isZero();
        assertThat(partial.path("predictions").get(0).path("probability"))
                .isEqualTo(usual.path("predictions").get(0).path("probability"));
        assertThat(usual.has("scored")).isFalse();
    }

    @Test
    void incomeAndDependentsMayBeMissingOrNull() {
        double before = client.metric("ml_input_missing_values_total", "feature=\"MonthlyIncome\"");

        ServiceClient.Response absent = client.postJson("/predict", Applications.withField("MonthlyIncome", null));
        ServiceClient.Response nulls = client.postJson("/predict",
                Applications.withField("NumberOfDependents", "null").replace("\"MonthlyIncome\":5400",
                        "\"MonthlyIncome\":null"));

        assertThat(absent.status()).isEqualTo(200);
        assertThat(nulls.status()).isEqualTo(200);
        assertThat(client.metric("ml_input_missing_values_total", "feature=\"MonthlyIncome\"")).isEqualTo(before + 2);
    }

    @Test
    void requestIdIsHonouredInHeaderBodyAndLog(CapturedOutput output) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "req-123")
                .POST(HttpRequest.BodyPublishers.ofString(Applications.SPECIFICATION_SINGLE));

        ServiceClient.Response response = client.send(request);

        assertThat(response.header("X-Request-ID")).isEqualTo("req-123");
        assertThat(response.json().path("request_id").asText()).isEqualTo("req-123");
        String predictionId = response.json().path("prediction_id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("\"request_id\":\"req-123\""));
        String line = output.getOut().lines().filter(l -> l.contains("\"request_id\":\"req-123\"")
                && l.contains("Prediction completed")).findFirst().orElseThrow();
        JsonNode log = new ServiceClient.Response(200, line, null).json();
        assertThat(log.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(log.path("level").asText()).isEqualTo("INFO");
        assertThat(log.path("service").asText()).isEqualTo("ml-inference");
        assertThat(log.path("message").asText()).isEqualTo("Prediction completed");
        assertThat(log.path("latency_ms").isNumber()).isTrue();
        assertThat(log.path("prediction").asInt()).isEqualTo(response.json().path("prediction").asInt());
        assertThat(log.path("prediction_id").asText()).isEqualTo(predictionId);
        assertThat(log.path("model_version").asText()).isEqualTo("1.0.0");
        assertThat(line).doesNotContain("0.766127", "9120", "RevolvingUtilization");
    }

    @Test
    void requestIdIsGeneratedWhenAbsentOrUnusable() {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "has spaces and \"quotes\"")
                .POST(HttpRequest.BodyPublishers.ofString(Applications.typical()));

        ServiceClient.Response replaced = client.send(request);
        ServiceClient.Response generated = client.postJson("/predict", Applications.typical());

        assertThat(replaced.header("X-Request-ID")).isNotEqualTo("has spaces and \"quotes\"").isNotBlank();
        assertThat(generated.header("X-Request-ID")).isNotBlank().isNotEqualTo(replaced.header("X-Request-ID"));
    }

    @Test
    void batchLogLineCarriesSizeAndClassCounts(CapturedOutput output) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "batch-log-1")
                .POST(HttpRequest.BodyPublishers.ofString(Applications.batchOf(Applications.typical(),
                        Applications.withField("NumberOfTimes90DaysLate", "5"))));

        client.send(request);

        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("\"request_id\":\"batch-log-1\""));
        String line = output.getOut().lines().filter(l -> l.contains("batch-log-1")).findFirst().orElseThrow();
        JsonNode log = new ServiceClient.Response(200, line, null).json();
        assertThat(log.path("batch_size").asInt()).isEqualTo(2);
        assertThat(log.path("predicted_default").asInt() + log.path("predicted_repaid").asInt()).isEqualTo(2);
    }

    @Test
    void metricsCountRequestsPredictionsAndLatency() {
        double requests = client.metric("ml_requests_total",
                "endpoint=\"/predict\",service=\"ml-inference\",status=\"200\"");
        double predictions = client.metric("ml_predictions_total", "class=\"0\"")
                + client.metric("ml_predictions_total", "class=\"1\"");
        double latencyCount = client.metric("ml_request_duration_seconds_count", "endpoint=\"/predict\"");

        client.postJson("/predict",
                Applications.batchOf(Applications.typical(), Applications.typical(), Applications.typical()));

        assertThat(client.metric("ml_requests_total", "endpoint=\"/predict\",service=\"ml-inference\",status=\"200\""))
                .isEqualTo(requests + 1);
        assertThat(client.metric("ml_predictions_total", "class=\"0\"")
                + client.metric("ml_predictions_total", "class=\"1\""))
                .isEqualTo(predictions + 3);
        assertThat(client.metric("ml_request_duration_seconds_count", "endpoint=\"/predict\""))
                .isEqualTo(latencyCount + 1);
        String metrics = client.get("/metrics").body();
        assertThat(metrics)
                .contains(
                        "ml_request_duration_seconds_bucket{endpoint=\"/predict\",service=\"ml-inference\",le=\"0.001\"}")
                .contains(
                        "ml_request_duration_seconds_bucket{endpoint=\"/predict\",service=\"ml-inference\",le=\"0.1\"}")
                .contains("ml_model_info{model_version=\"1.0.0\",service=\"ml-inference\"} 1")
                .contains("ml_prediction_probability_bucket{service=\"ml-inference\",le=\"0.5\"}")
                .contains("ml_credit_score_bucket{service=\"ml-inference\",le=\"600.0\"}")
                .contains("ml_predictions_risk_band_total{band=\"high\"")
                .contains("ml_input_rejected_fields_total{feature=\"age\"")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage");
    }

    /** The specification's example scores 0.137 (540 points): each histogram must count it where it belongs. */
    @Test
    void histogramsCountEachValueInTheBucketItClaims() {
        double[] before = histogramReadings();

        JsonNode body = client.postJson("/predict", Applications.SPECIFICATION_SINGLE).json();

        double probability = body.path("probability").asDouble();
        assertThat(probability).isBetween(0.1, 0.2);
        assertThat(body.path("credit_score").asLong()).isBetween(501L, 550L);
        double[] after = histogramReadings();
        assertThat(after[0] - before[0]).as("probability le=0.1").isZero();
        assertThat(after[1] - before[1]).as("probability le=0.2").isEqualTo(1);
        assertThat(after[2] - before[2]).as("probability le=1.0").isEqualTo(1);
        assertThat(after[3] - before[3]).as("probability sum").isCloseTo(probability, within(1e-9));
        assertThat(after[4] - before[4]).as("score le=500").isZero();
        assertThat(after[5] - before[5]).as("score le=550").isEqualTo(1);
        assertThat(after[6] - before[6]).as("batch size le=1").isEqualTo(1);
    }

    private double[] histogramReadings() {
        return new double[]{
                client.metric("ml_prediction_probability_bucket", "le=\"0.1\""),
                client.metric("ml_prediction_probability_bucket", "le=\"0.2\""),
                client.metric("ml_prediction_probability_bucket", "le=\"1.0\""),
                client.metric("ml_prediction_probability_sum", "service=\"ml-inference\""),
                client.metric("ml_credit_score_bucket", "le=\"500.0\""),
                client.metric("ml_credit_score_bucket", "le=\"550.0\""),
                client.metric("ml_batch_size_bucket", "le=\"1.0\"")};
    }

    @Test
    void healthReportsTheModel() {
        ServiceClient.Response health = client.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/model/details/loaded").asBoolean()).isTrue();
        assertThat(health.json().at("/components/model/details/version").asText()).isEqualTo("1.0.0");
        JsonNode model = health.json().at("/components/model/details");
        assertThat(model.path("cutoff_source").asText()).isEqualTo("model card");
        assertThat(model.path("cutoff").path("pd").asDouble()).isEqualTo(model.path("cutoff_pd").asDouble())
                .isLessThan(model.path("threshold").asDouble());
        double probes = client.metric("ml_requests_total", "endpoint=\"/health/readiness\"");
        assertThat(client.get("/health/liveness").status()).isEqualTo(200);
        assertThat(client.get("/health/readiness").status()).isEqualTo(200);
        assertThat(client.metric("ml_requests_total", "endpoint=\"/health/readiness\""))
                .as("probes have their own endpoint")
                .isEqualTo(probes + 1);
    }

    @Test
    void onlyTheApiHealthAndMetricsAreExposed() {
        for (String path : new String[]{"/", "/actuator", "/env", "/beans", "/actuator/prometheus", "/info"}) {
            ServiceClient.Response response = client.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.json().path("reason").asText()).isEqualTo("not_found");
        }
        ServiceClient.Response wrongMethod = client.get("/predict");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().path("reason").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void largestAllowedBatchIsServed() {
        String batch = Applications.batchOf(Collections.nCopies(10_000, Applications.typical()).toArray(String[]::new));

        ServiceClient.Response response = client.postJson("/predict", batch);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("predictions")).hasSize(10_000);
    }
}

package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.schema.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Bring your own model, for real: Debian's Python XGBoost trains a {@code binary:logistic} model on
 * generated data (examples/xgboost-python/train.py) and saves it as model.json, model.ubj and an
 * MLflow model directory; {@code credit-model import} builds a bundle from each; the built
 * inference-service serves the MLflow one and must answer Python's own probabilities within 1e-6;
 * the built metrics-exporter monitors it, with the hold-out gauges from the imported card and the
 * drift reference from the imported profile. A new XGBoost JSON or UBJSON layout fails here.
 */
class ImportedModelEndToEndTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    /** Debian's interpreter, which python3-xgboost installs into (a pyenv python3 may come first on PATH). */
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void aModelTrainedByPythonXGBoostIsImportedServedAndMonitored() throws Exception {
        requirePythonXGBoost();
        Path work = Files.createTempDirectory("creditwatch-import");
        String cli = Tools.ROOT.resolve("credit-model-cli/target/credit-model.jar").toString();
        Path train = work.resolve("train.csv");
        Path evaluation = work.resolve("evaluation.csv");
        Tools.runOrFail(work, JAVA, "-jar", cli, "generate", "--rows", "20000", "--seed", "1", "--out",
                train.toString());
        Tools.runOrFail(work, JAVA, "-jar", cli, "generate", "--rows", "5000", "--seed", "2", "--out",
                evaluation.toString());
        Tools.runOrFail(work, PYTHON, Tools.ROOT.resolve("examples/xgboost-python/train.py").toString(), "--train",
                train.toString(), "--out", work.resolve("python").toString(), "--rounds", "60", "--predict",
                evaluation.toString(), "--predictions", work.resolve("python-probabilities.txt").toString());
        double[] python = Files.readAllLines(work.resolve("python-probabilities.txt")).stream()
                .mapToDouble(Double::parseDouble).toArray();

        for (String form : List.of("model.json", "model.ubj", "mlflow-model")) {
            Path bundle = work.resolve("bundle-" + form);
            Tools.runOrFail(work, JAVA, "-jar", cli, "import", "--model",
                    work.resolve("python").resolve(form).toString(), "--reference", train.toString(), "--evaluation",
                    evaluation.toString(), "--out", bundle.toString(), "--version", "python-" + form);
            Path scores = work.resolve("scores-" + form + ".csv");
            Tools.runOrFail(work, JAVA, "-jar", cli, "score", "--model", bundle.toString(), "--data",
                    evaluation.toString(), "--out", scores.toString());
            List<String> lines = Files.readAllLines(scores);
            assertThat(lines).hasSize(python.length + 1);
            for (int i = 0; i < python.length; i++) {
                assertThat(Double.parseDouble(lines.get(i + 1).split(",")[1])).as("%s, row %d", form, i)
                        .isCloseTo(python[i], within(1e-6));
            }
        }

        Path bundle = work.resolve("bundle-mlflow-model");
        ModelCard card = ModelBundle.readCard(bundle);
        assertThat(card.origin().mlflowRunId()).isEqualTo("8d2f61c04b9e4a7fa3c5e19b0d7f2a64");
        String store = ServiceProcess.sqliteStore(work.resolve("predictions.db"));
        try (LocalProcess inference = ServiceProcess.inference(work.resolve("inference-service.log")).store(store)
                .model(bundle).journal(work.resolve("journal")).build();
                LocalProcess exporter = ServiceProcess.exporter(work.resolve("exporter.log")).store(store).model(bundle)
                        .env("EXPORTER_CYCLE_INTERVAL", "1s").env("EXPORTER_DISK_PATH", work.toString()).build()) {
            inference.start("/health", Duration.ofSeconds(120));
            List<CreditRecord> applications = KaggleCsv.read(evaluation);
            List<Integer> served = new ArrayList<>();
            for (int i = 0; i < applications.size(); i++) {
                if (applications.get(i).get(Feature.AGE) >= 18) { // the API refuses the generator's impossible ages
                    served.add(i);
                }
            }
            for (int start = 0; start < served.size(); start += 500) {
                List<Integer> batch = served.subList(start, Math.min(served.size(), start + 500));
                StringBuilder body = new StringBuilder("{\"instances\": [");
                for (int k = 0; k < batch.size(); k++) {
                    body.append(k > 0 ? "," : "")
                            .append(AlertingEndToEndTests.application(applications.get(batch.get(k))));
                }
                LocalProcess.Reply reply = inference.postJson("/predict", body.append("]}").toString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(reply.body());
                assertThat(answer.path("model_version").asText()).isEqualTo("python-mlflow-model");
                for (int k = 0; k < batch.size(); k++) {
                    assertThat(answer.path("predictions").get(k).path("probability").asDouble())
                            .as("served row %d", batch.get(k)).isCloseTo(python[batch.get(k)], within(1e-6));
                }
            }
            assertThat(served).hasSizeGreaterThan(4900);

            exporter.start("/health/liveness", Duration.ofSeconds(120));
            LocalProcess.await(Duration.ofSeconds(90),
                    "the exporter's drift window to hold the " + served.size() + " served predictions",
                    () -> exporter.metric("ml_drift_window_predictions", "") == served.size());
            ModelCard.HoldoutMetrics holdout = card.holdoutAtCutOff();
            assertThat(exporter.metric("ml_model_auc_roc", "source=\"holdout\"")).isCloseTo(holdout.aucRoc(),
                    within(1e-9));
            assertThat(exporter.metric("ml_model_ks", "source=\"holdout\"")).isCloseTo(holdout.ks(), within(1e-9));
            assertThat(exporter.metric("ml_model_accuracy", "source=\"holdout\"")).isCloseTo(holdout.accuracy(),
                    within(1e-9));
            double referenceMissing = ModelBundle.readProfile(bundle).feature("MonthlyIncome").missingRate();
            assertThat(exporter.metric("ml_feature_missing_values_reference_percent", "feature=\"MonthlyIncome\""))
                    .as("the reference is the imported profile's").isCloseTo(100 * referenceMissing, within(1e-9));
            for (Feature feature : Feature.ALL) {
                assertThat(exporter.metric("ml_feature_psi", "feature=\"" + feature.jsonName() + "\""))
                        .as("PSI of %s: the same population as the reference", feature.jsonName()).isBetween(0.0, 0.05);
            }
            assertThat(inference.metric("ml_model_info", "model_version=\"python-mlflow-model\"")).isEqualTo(1);
        }
    }

    private static void requirePythonXGBoost() throws Exception {
        String message = null;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            message = PYTHON + " is not installed";
        } else {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import xgboost, numpy").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor() != 0) {
                message = "Python's xgboost is not installed for " + PYTHON + " (Debian: python3-xgboost)";
            }
        }
        if (message != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + "; .ci/run installs it");
            }
            Assumptions.abort(message);
        }
    }
}

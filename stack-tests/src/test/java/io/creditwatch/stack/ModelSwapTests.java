package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A model swap with real processes and no restart: the built inference-service and
 * metrics-exporter read the same MODEL_PATH. Version A (the bundled model) serves applicants of
 * another population, whose drift against A's reference is plain; then version B, trained on that
 * population, is written at MODEL_PATH; the service reloads it, the exporter follows it, and the
 * same population's traffic on B shows no drift against B's reference, while A's gauges, from
 * A's own reference, stay beside B's until B's predictions fill the drift window: then A ages out
 * and only B's series remain. Nothing is mixed: no figure of B's holds A's rows.
 */
@Tag("end-to-end")
class ModelSwapTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @Test
    void afterASwapTheExporterMonitorsTheNewVersionAgainstItsOwnReferenceWithoutARestart() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-swap");
        Path models = work.resolve("model");
        copyBundle(Tools.ROOT.resolve("models/default"), models);
        Path trainingData = work.resolve("population-b.csv");
        writeKaggleCsv(shifted(new SyntheticCreditGenerator(71).generate(20_000)), trainingData);
        Path bundleB = work.resolve("bundle-b");
        Tools.Result trained = Tools.run(work, JAVA, "-jar",
                Tools.ROOT.resolve("credit-model-cli/target/credit-model.jar").toString(), "train", "--data",
                trainingData.toString(), "--out", bundleB.toString(), "--version", "2.0.0", "--trees", "60");
        assertThat(trained.exitCode()).as(trained.output()).isZero();

        String store = ServiceProcess.sqliteStore(work.resolve("predictions.db"));
        try (LocalProcess service = ServiceProcess.inference(work.resolve("inference.log")).model(models).store(store)
                .env("INFERENCE_MODEL_RELOAD_INTERVAL", "1s").journal(work.resolve("journal")).build();
                LocalProcess exporter = ServiceProcess.exporter(work.resolve("exporter.log")).model(models).store(store)
                        .env("EXPORTER_CYCLE_INTERVAL", "1s").env("EXPORTER_DRIFT_WINDOW", "2000")
                        .env("EXPORTER_DISK_PATH", work.toString()).build()) {
            service.start("/health", Duration.ofSeconds(120));
            exporter.start("/health", Duration.ofSeconds(120));
            long servicePid = service.pid();
            long exporterPid = exporter.pid();
            List<CreditRecord> population = shifted(new SyntheticCreditGenerator(72).generate(3_200));

            send(service, population.subList(0, 1_000), "1.0.0");
            LocalProcess.await(Duration.ofSeconds(60), "A's drift window",
                    () -> exporter.metric("ml_drift_window_predictions", "") == 1_000);
            double driftOnA = exporter.metric("ml_data_drift_score", "");
            assertThat(driftOnA).as("the other population against A's reference").isGreaterThan(0.25);

            copyBundle(bundleB, models);
            LocalProcess.await(Duration.ofSeconds(30), "the service serving 2.0.0",
                    () -> json(service.get("/health").body()).at("/components/model/details/version").asText()
                            .equals("2.0.0"));
            LocalProcess.await(Duration.ofSeconds(30), "the exporter monitoring 2.0.0",
                    () -> json(exporter.get("/health").body()).at("/components/monitoring/details/model_version")
                            .asText().equals("2.0.0"));
            send(service, population.subList(1_000, 2_000), "2.0.0");
            LocalProcess.await(Duration.ofSeconds(60), "B's drift window",
                    () -> exporter.metric("ml_drift_window_predictions", "model_version=\"2.0.0\"") == 1_000);

            double driftOnB = exporter.metric("ml_data_drift_score", "model_version=\"2.0.0\"");
            System.out.printf("[swap] largest feature PSI: %.3f on A, %.3f on B%n", driftOnA, driftOnB);
            assertThat(driftOnB).as("the same population against B's own reference").isLessThan(0.1);
            assertThat(exporter.metric("ml_data_drift_score", "model_version=\"1.0.0\"")).as("A's own, still published")
                    .isEqualTo(driftOnA);
            assertThat(
                    json(exporter.get("/health").body()).at("/components/monitoring/details/monitored_model_versions"))
                    .hasSize(2);

            // 2,000 of B's predictions fill the drift window: A's have left it, and A ages out
            send(service, population.subList(2_000, 3_000), "2.0.0");
            LocalProcess.await(Duration.ofSeconds(60), "A aged out", () -> json(exporter.get("/health").body())
                    .at("/components/monitoring/details/monitored_model_versions").size() == 1);
            List<String> driftSeries = exporter.get("/metrics").body().lines()
                    .filter(line -> line.startsWith("ml_feature_psi{")).toList();
            assertThat(driftSeries).as("the feature PSI series, of B only: A's aged out, not frozen")
                    .hasSize(Feature.COUNT).allMatch(line -> line.contains("model_version=\"2.0.0\""));
            assertThat(exporter.get("/metrics").body()).as("no series of A").doesNotContain("model_version=\"1.0.0\"");
            assertThat(exporter.metric("ml_exporter_rows_unmonitored_total", "kind=\"predictions\""))
                    .as("nothing was ever mixed or dropped unmonitored").isZero();
            assertThat(service.pid()).isEqualTo(servicePid);
            assertThat(exporter.pid()).isEqualTo(exporterPid);
            assertThat(service.running() && exporter.running()).as("no restart").isTrue();
        }
    }

    /** The other population: lower incomes, higher revolving utilisation (as AlertingEndToEndTests drifts them). */
    private static List<CreditRecord> shifted(List<CreditRecord> records) {
        return records.stream().filter(record -> record.get(Feature.AGE) >= 18).map(record -> {
            double[] features = record.features().clone();
            features[Feature.MONTHLY_INCOME.ordinal()] *= 0.3;
            features[Feature.REVOLVING_UTILIZATION.ordinal()] = features[Feature.REVOLVING_UTILIZATION.ordinal()] * 3
                    + 0.5;
            return new CreditRecord(features, record.label());
        }).toList();
    }

    private static void send(LocalProcess service, List<CreditRecord> records, String version) {
        for (int start = 0; start < records.size(); start += 100) {
            StringBuilder batch = new StringBuilder("{\"instances\": [");
            for (int i = start; i < start + 100; i++) {
                batch.append(i > start ? "," : "").append(AlertingEndToEndTests.application(records.get(i)));
            }
            LocalProcess.Reply reply = service.postJson("/predict", batch.append("]}").toString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(json(reply.body()).path("model_version").asText()).isEqualTo(version);
        }
    }

    /** The Kaggle layout the CLI trains on: an index column, the label, the ten features, NA for missing. */
    private static void writeKaggleCsv(List<CreditRecord> records, Path file) throws IOException {
        StringBuilder csv = new StringBuilder(",SeriousDlqin2yrs");
        Feature.ALL.forEach(feature -> csv.append(',').append(feature.jsonName()));
        csv.append('\n');
        for (int i = 0; i < records.size(); i++) {
            csv.append(i + 1).append(',').append(records.get(i).label());
            for (Feature feature : Feature.ALL) {
                double value = records.get(i).get(feature);
                csv.append(',').append(Double.isNaN(value) ? "NA" : Double.toString(value));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    /** Copies a bundle's files into {@code target}, its card last: the card's change is what the services watch. */
    static void copyBundle(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        List<Path> files;
        try (Stream<Path> listed = Files.list(source)) {
            files = listed
                    .sorted((a, b) -> Boolean.compare(a.endsWith("model-card.json"), b.endsWith("model-card.json")))
                    .toList();
        }
        for (Path file : files) {
            Path temporary = target.resolve(file.getFileName() + ".tmp");
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}

package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.data.OutcomeScenarios;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoredPrediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * History on day one, for real: a seeded portfolio of 36 monthly cohorts is generated with its
 * outcomes as of today, loaded with {@code credit-model backfill}, and monitored by the built
 * metrics-exporter jar. Three stores: the healthy portfolio; the same portfolio with a young cohort
 * (12 months old) defaulting at about twice its PDs; and the healthy portfolio's decisions
 * backfilled without outcomes, whose outcomes are then sent through the built inference-service's
 * {@code /feedback} with {@code observed_at}. The Debian prometheus scrapes the first two
 * exporters with the project's own rule files: the stressed cohort raises
 * {@code ModelEarlyDefaultsHigh} (critical) and the healthy portfolio no critical alert; the third
 * exporter publishes exactly the first one's outcome gauges.
 */
@Tag("end-to-end")
class OutcomesThroughTimeEndToEndTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final YearMonth STRESSED = YearMonth.from(TODAY).minusMonths(12);
    private static final String FEEDBACK_KEY = "outcomes-test-key";
    /** The series that depend only on the predictions and their outcomes, not on the process. */
    private static final Pattern OUTCOME_SERIES = Pattern
            .compile("(?m)^((?:ml_vintage_\\w+|ml_model_\\w+|ml_validation_\\w+)\\{[^}]*\\}) (\\S+)$");

    @Test
    void backfilledHistoryIsMonitoredStressedCohortsPageAndFeedbackEqualsBackfill() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-outcomes");
        ModelBundle bundle = ModelBundle.read(Tools.ROOT.resolve("models/default"));
        SeasoningCurve curve = bundle.card().seasoning();
        // the API refuses the generator's odd impossible age, and backfill skips it like /predict
        List<DatedCreditRecord> healthy = new DatedCreditGenerator(31, TODAY, 36, curve).generate(36_000).stream()
                .filter(row -> row.record().get(Feature.AGE) >= 18).toList();
        double[] pds = bundle.scorer()
                .probabilities(ModelTrainer.featureRows(healthy.stream().map(DatedCreditRecord::record).toList()));
        List<DatedCreditRecord> stressed = OutcomeScenarios.withExtraDefaults(healthy,
                i -> YearMonth.from(healthy.get(i).applicationDate()).equals(STRESSED) ? pds[i] : 0, curve, TODAY, 32);
        List<DatedCreditRecord> undated = healthy.stream()
                .map(row -> new DatedCreditRecord(row.record(), row.applicationDate(), null)).toList();

        String healthyStore = backfill(work, "healthy", healthy);
        String stressedStore = backfill(work, "stressed", stressed);
        String feedbackStore = backfill(work, "feedback", undated);
        sendOutcomesThroughFeedback(work, feedbackStore, healthy);

        try (LocalProcess healthyExporter = exporter(work, "healthy", healthyStore);
                LocalProcess stressedExporter = exporter(work, "stressed", stressedStore);
                LocalProcess feedbackExporter = exporter(work, "feedback", feedbackStore)) {
            for (LocalProcess exporter : List.of(healthyExporter, stressedExporter, feedbackExporter)) {
                exporter.start("/health/liveness", Duration.ofSeconds(120));
            }
            for (LocalProcess exporter : List.of(healthyExporter, stressedExporter, feedbackExporter)) {
                // a cycle publishes the vintages before the attribution, its slowest part: the series
                // are compared once both are out, not in the middle of the first cycle
                LocalProcess.await(Duration.ofSeconds(90), exporter.name + " publishing the vintages and attribution",
                        () -> !Double.isNaN(exporter.metric("ml_vintage_applications", "cohort=\"" + STRESSED + "\""))
                                && !Double.isNaN(exporter.metric("ml_model_attribution_ndcg", "")));
            }
            Map<String, String> backfilled = outcomeSeries(healthyExporter);
            assertThat(backfilled)
                    .containsKey(
                            "ml_model_auc_roc{model_version=\"1.0.0\",service=\"metrics-exporter\",source=\"live\"}")
                    .containsKey(
                            "ml_vintage_seasoning_share{model_version=\"1.0.0\",months_on_book=\"12\",service=\"metrics-exporter\",source=\"store\"}");
            assertThat(outcomeSeries(feedbackExporter))
                    .as("outcomes sent through /feedback, against the same backfilled").isEqualTo(backfilled);
            assertThat(
                    stressedExporter.metric("ml_vintage_early_defaults_traffic_light", "cohort=\"" + STRESSED + "\""))
                    .isEqualTo(2);

            try (LocalProcess prometheus = prometheus(work, healthyExporter, stressedExporter)) {
                prometheus.start("/-/ready", Duration.ofSeconds(60));
                String stressedInstance = "127.0.0.1:" + stressedExporter.port;
                LocalProcess.await(Duration.ofMinutes(5),
                        "ModelEarlyDefaultsHigh (critical) firing for cohort " + STRESSED,
                        () -> firing(prometheus).stream().anyMatch(
                                alert -> alert.at("/labels/alertname").asText().equals("ModelEarlyDefaultsHigh")
                                        && alert.at("/labels/severity").asText().equals("critical")
                                        && alert.at("/labels/cohort").asText().equals(STRESSED.toString())
                                        && alert.at("/labels/instance").asText().equals(stressedInstance)));
                List<JsonNode> critical = firing(prometheus).stream()
                        .filter(alert -> alert.at("/labels/severity").asText().equals("critical")).toList();
                assertThat(critical).as("critical alerts: only the stressed cohort's early defaults")
                        .allSatisfy(alert -> {
                            assertThat(alert.at("/labels/alertname").asText()).isEqualTo("ModelEarlyDefaultsHigh");
                            assertThat(alert.at("/labels/instance").asText()).isEqualTo(stressedInstance);
                            assertThat(alert.at("/labels/cohort").asText()).isEqualTo(STRESSED.toString());
                        });
            }
        }
    }

    /** Writes the rows as a dated CSV and loads them into the SQLite store {@code work/NAME.db} with the built command line. */
    static String backfill(Path work, String name, List<DatedCreditRecord> rows) throws Exception {
        Path csv = work.resolve(name + ".csv");
        KaggleCsv.writeDated(csv, rows);
        String store = ServiceProcess.sqliteStore(work.resolve(name + ".db"));
        Tools.runOrFail(work, JAVA, "-jar", Tools.ROOT.resolve("credit-model-cli/target/credit-model.jar").toString(),
                "backfill", "--model", Tools.ROOT.resolve("models/default").toString(), "--data", csv.toString(),
                "--store", store);
        return store;
    }

    /** Every outcome of the rows, as a lender sends them: by the backfilled decisions' ids, with the day observed. */
    private static void sendOutcomesThroughFeedback(Path work, String store, List<DatedCreditRecord> rows)
            throws Exception {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(store);
        List<StoredPrediction> decisions = new PredictionStore(dataSource, store).predictionsAfter(0, rows.size() + 1);
        assertThat(decisions).as("one decision per row, in file order").hasSize(rows.size());
        try (LocalProcess inference = ServiceProcess.inference(work.resolve("inference-service.log")).store(store)
                .env("INFERENCE_FEEDBACK_API_KEYS", FEEDBACK_KEY).journal(work.resolve("capture-journal")).build()) {
            inference.start("/health", Duration.ofSeconds(120));
            for (int start = 0; start < rows.size(); start += 1_000) {
                StringBuilder body = new StringBuilder("{\"labels\": [");
                for (int i = start; i < Math.min(rows.size(), start + 1_000); i++) {
                    DatedCreditRecord row = rows.get(i);
                    body.append(i > start ? "," : "").append("{\"prediction_id\": \"")
                            .append(decisions.get(i).predictionId()).append("\", \"actual\": ")
                            .append(row.record().label()).append(", \"observed_at\": \"").append(row.outcomeDate())
                            .append("\"}");
                }
                LocalProcess.Reply reply = inference.postJson("/feedback", body.append("]}").toString(), FEEDBACK_KEY);
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                assertThat(JSON.readTree(reply.body()).path("accepted").asInt())
                        .isEqualTo(Math.min(1_000, rows.size() - start));
            }
        }
    }

    static LocalProcess exporter(Path work, String name, String store) {
        return ServiceProcess.exporter(work.resolve("exporter-" + name + ".log"))
                .named("metrics-exporter (" + name + ")").store(store).env("EXPORTER_CYCLE_INTERVAL", "2s")
                .env("EXPORTER_QUALITY_WINDOW", "100000").env("EXPORTER_DISK_PATH", work.toString()).build();
    }

    /** The project's prometheus.yml and rule files, scraping only these exporters, every second. */
    static LocalProcess prometheus(Path work, LocalProcess... exporters) throws IOException {
        ObjectNode config = LocalStack.prometheusConfig();
        config.remove("alerting");
        ArrayNode jobs = config.putArray("scrape_configs");
        for (JsonNode job : Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml")).path("scrape_configs")) {
            if (job.path("job_name").asText().equals("metrics-exporter")) {
                ArrayNode targets = ((ObjectNode) job.at("/static_configs/0")).putArray("targets");
                for (LocalProcess exporter : exporters) {
                    targets.add("127.0.0.1:" + exporter.port);
                }
                jobs.add(job);
            }
        }
        assertThat(jobs).as("the project's metrics-exporter job").hasSize(1);
        Path file = work.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        int port = LocalProcess.freePort();
        return LocalStack.prometheus(work, file, work.resolve("prometheus-data"), port);
    }

    private static List<JsonNode> firing(LocalProcess prometheus) {
        return alerts(prometheus).stream().filter(alert -> alert.path("state").asText().equals("firing")).toList();
    }

    /** Prometheus's active alerts, pending and firing. */
    static List<JsonNode> alerts(LocalProcess prometheus) {
        try {
            List<JsonNode> alerts = new ArrayList<>();
            JSON.readTree(prometheus.get("/api/v1/alerts").body()).at("/data/alerts").forEach(alerts::add);
            return alerts;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The exporter's outcome series (quality, validation, vintages), name and labels to value. */
    private static Map<String, String> outcomeSeries(LocalProcess exporter) {
        Map<String, String> series = new TreeMap<>();
        Matcher matcher = OUTCOME_SERIES.matcher(exporter.get("/metrics").body());
        while (matcher.find()) {
            series.put(matcher.group(1), matcher.group(2));
        }
        return series;
    }
}

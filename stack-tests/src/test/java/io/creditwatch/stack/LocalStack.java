package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The stack as real local processes: the built inference-service and metrics-exporter jars
 * sharing a SQLite store, the Debian prometheus with the project's prometheus.yml and rule files
 * (targets rewritten to local ports, intervals shortened; rules and thresholds unchanged), and
 * the Debian Alertmanager with the project's alertmanager.yml (Slack URL and SMTP host rewritten
 * to the test's own listeners, grouping waits shortened; routes, receivers and inhibition
 * unchanged). The inference-service scores a challenger in the shadow, the bundled model under
 * another version ({@link #CHALLENGER_VERSION}), so that the champion/challenger panels have data
 * (two equal models: the comparison must never alert).
 */
final class LocalStack implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CHALLENGER_VERSION = "1.0.0-shadow";

    /** The feedback API key the stack's inference-service accepts. */
    static final String FEEDBACK_KEY = "stack-test-key";

    final Path work;
    final LocalProcess inference;
    final LocalProcess exporter;
    final LocalProcess prometheus;
    final LocalProcess alertmanager;

    LocalStack(Path work, String slackUrl, int smtpPort) {
        this.work = work;
        String store = ServiceProcess.sqliteStore(work.resolve("predictions.db"));
        // no MODEL_PATH: the services are started from this module's folder, which has no
        // models/default, and must find the repository's bundle beside their jars
        int inferencePort = LocalProcess.freePort();
        int exporterPort = LocalProcess.freePort();
        int prometheusPort = LocalProcess.freePort();
        int alertmanagerPort = LocalProcess.freePort();
        Path challenger = work.resolve("challenger");
        try {
            ModelSwapTests.copyBundle(Tools.ROOT.resolve("models/default"), challenger);
            Path card = challenger.resolve("model-card.json");
            Files.writeString(card, Files.readString(card).replace("\"model_version\" : \"1.0.0\"",
                    "\"model_version\" : \"" + CHALLENGER_VERSION + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inference = ServiceProcess.inference(work.resolve("inference-service.log")).port(inferencePort).store(store)
                .env("INFERENCE_FEEDBACK_API_KEYS", FEEDBACK_KEY).journal(work.resolve("capture-journal"))
                .env("INFERENCE_CHALLENGER_PATH", challenger.toString()).build();
        exporter = ServiceProcess.exporter(work.resolve("metrics-exporter.log")).port(exporterPort).store(store)
                .env("EXPORTER_CYCLE_INTERVAL", "2s").env("EXPORTER_DISK_PATH", work.toString()).build();
        Path prometheusConfig = writePrometheusConfig(inferencePort, exporterPort, prometheusPort, alertmanagerPort);
        prometheus = prometheus(work, prometheusConfig, work.resolve("prometheus-data"), prometheusPort);
        Path alertmanagerConfig = writeAlertmanagerConfig(slackUrl, smtpPort);
        alertmanager = alertmanager(work, alertmanagerConfig, work.resolve("alertmanager-data"), alertmanagerPort);
    }

    void start() {
        for (String jar : List.of("inference-service", "metrics-exporter")) {
            Path built = ServiceProcess.jar(jar);
            if (!Files.exists(built)) {
                throw new AssertionError(built + " is missing: ./mvnw verify builds it before stack-tests");
            }
        }
        alertmanager.start("/-/ready", Duration.ofSeconds(60));
        inference.start("/health", Duration.ofSeconds(120));
        exporter.start("/health/liveness", Duration.ofSeconds(120));
        prometheus.start("/-/ready", Duration.ofSeconds(60));
    }

    /** Debian's prometheus on {@code port}, its data in {@code storage}, its output in work/prometheus.log. */
    static LocalProcess prometheus(Path work, Path config, Path storage, int port) {
        return new LocalProcess("prometheus", port, work.resolve("prometheus.log"),
                List.of(Tools.require("prometheus").toString(), "--config.file=" + config,
                        "--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + port),
                Map.of());
    }

    /** Debian's Alertmanager on {@code port}, alone (no cluster), its data in {@code storage}, its output in work/alertmanager.log. */
    static LocalProcess alertmanager(Path work, Path config, Path storage, int port) {
        return new LocalProcess("alertmanager", port, work.resolve("alertmanager.log"),
                List.of(Tools.require("prometheus-alertmanager").toString(), "--config.file=" + config,
                        "--storage.path=" + storage, "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address="),
                Map.of());
    }

    /** The project's prometheus.yml with scrape and evaluation every second and its rule files at their absolute paths. */
    static ObjectNode prometheusConfig() {
        ObjectNode config = (ObjectNode) Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml"));
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        ArrayNode rules = config.putArray("rule_files");
        Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml")).path("rule_files")
                .forEach(file -> rules.add(Tools.ROOT.resolve("prometheus").resolve(file.asText()).toString()));
        return config;
    }

    private Path writePrometheusConfig(int inferencePort, int exporterPort, int prometheusPort, int alertmanagerPort) {
        ObjectNode config = prometheusConfig();
        Map<String, String> local = Map.of("inference-service:5000", "127.0.0.1:" + inferencePort,
                "metrics-exporter:8000", "127.0.0.1:" + exporterPort, "localhost:9090", "127.0.0.1:" + prometheusPort,
                "alertmanager:9093", "127.0.0.1:" + alertmanagerPort);
        for (JsonNode job : config.path("scrape_configs")) {
            rewriteTargets((ArrayNode) job.at("/static_configs/0/targets"), local);
        }
        rewriteTargets((ArrayNode) config.at("/alerting/alertmanagers/0/static_configs/0/targets"), local);
        return write("prometheus.yml", config);
    }

    private Path writeAlertmanagerConfig(String slackUrl, int smtpPort) {
        ObjectNode config = (ObjectNode) Yaml.read(Tools.ROOT.resolve("alertmanager/alertmanager.yml"));
        Path slackFile = work.resolve("slack_webhook_url");
        try {
            Files.writeString(slackFile, slackUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ((ObjectNode) config.path("global")).put("slack_api_url_file", slackFile.toString()).put("smtp_smarthost",
                "127.0.0.1:" + smtpPort);
        ((ObjectNode) config.path("route")).put("group_wait", "1s").put("group_interval", "5s");
        config.putArray("templates").add(Tools.ROOT.resolve("alertmanager/templates").toString() + "/*.tmpl");
        return write("alertmanager.yml", config);
    }

    private static void rewriteTargets(ArrayNode targets, Map<String, String> local) {
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i).asText();
            targets.set(i, targets.textNode(local.getOrDefault(target, target)));
        }
    }

    private Path write(String name, JsonNode config) {
        try {
            Path file = work.resolve(name);
            YAML.writeValue(file.toFile(), config);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a PromQL instant query; returns the {@code data.result} array. */
    JsonNode query(String promql) {
        var response = prometheus.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new AssertionError(promql + ": " + response.body());
            }
            return body.at("/data/result");
        } catch (IOException e) {
            throw new AssertionError(promql + ": " + response.body(), e);
        }
    }

    /** Alerts Prometheus holds as pending or firing. */
    JsonNode alerts() {
        try {
            return JSON.readTree(prometheus.get("/api/v1/alerts").body()).at("/data/alerts");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a red run needs to explain itself: targets, alerts and each process's last log lines. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        text.append("\n=== Prometheus targets\n");
        query("up").forEach(
                series -> text.append(series.path("metric")).append(" = ").append(series.at("/value/1")).append('\n'));
        text.append("=== Prometheus alerts\n").append(alerts().toPrettyString()).append('\n');
        text.append("=== Alertmanager alerts\n").append(alertmanager.get("/api/v2/alerts").body()).append('\n');
        for (LocalProcess process : List.of(inference, exporter, prometheus, alertmanager)) {
            text.append("=== last lines of ").append(process.name).append('\n').append(process.tail(15)).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        for (LocalProcess process : List.of(prometheus, exporter, inference, alertmanager)) {
            process.close();
        }
    }
}

package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.MonitoringFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prometheus/: promtool validates the config and rules and runs their unit tests. */
class PrometheusRulesTests {

    private static final Path PROMETHEUS = Tools.ROOT.resolve("prometheus");

    @Test
    void configIsValid() {
        Tools.Result result = Tools.run(PROMETHEUS, "promtool", "check", "config", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void rulesAreValid() {
        Tools.Result result = Tools.run(PROMETHEUS, "promtool", "check", "rules", "rules/recording.yml",
                "rules/alerts.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void ruleUnitTestsPass() {
        Tools.Result result = Tools.run(PROMETHEUS.resolve("tests"), "promtool", "test", "rules",
                "recording_test.yml", "alerts_test.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("FAILED");
    }

    @Test
    void everyAlertFollowsTheConventionsAndIsTested() throws Exception {
        String tests = Files.readString(PROMETHEUS.resolve("tests/alerts_test.yml"));
        String runbook = Files.readString(Tools.ROOT.resolve("docs/runbook.md"));
        List<JsonNode> alerts = rules("alerts.yml", "alert");

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(14);
        Set<String> names = new HashSet<>();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            names.add(name);
            assertThat(name).as("CamelCase name").matches("[A-Z][A-Za-z0-9]+");
            assertThat(alert.at("/labels/severity").asText()).as(name).isIn("critical", "warning");
            assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank().doesNotContain("{{");
            assertThat(alert.at("/annotations/description").asText()).as(name).contains("{{");
            assertThat(alert.at("/annotations/runbook_url").asText()).as(name).isEqualTo(runbookUrl(name));
            assertThat(runbook).as("runbook section of " + name).contains("\n## " + name + "\n");
            assertThat(tests).as("a firing test of " + name).containsPattern(
                    "alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels:");
            assertThat(tests).as("a not-firing test of " + name).containsPattern(
                    "alertname: " + name + "\\s+exp_alerts: \\[\\]");
        }
        assertThat(names).contains("ModelAccuracyLow", "InferenceServiceDown", "HostDiskFull",
                "PredictionErrorRateHigh",
                "HostCpuHigh", "HostMemoryHigh", "DataDriftDetected");
    }

    @Test
    void specificationThresholdsAreTheRules() {
        List<String> expressions = rules("alerts.yml", "alert").stream()
                .map(rule -> rule.path("alert").asText() + "/" + rule.at("/labels/severity").asText() + ": "
                        + rule.path("expr").asText().trim())
                .toList();

        assertThat(expressions).contains(
                "ModelAccuracyLow/critical: ml_model_accuracy{source=\"live\"} < 0.65",
                "ModelAccuracyLow/warning: ml_model_accuracy{source=\"live\"} < 0.75",
                "InferenceServiceDown/critical: up{job=\"ml-inference\"} == 0",
                "HostDiskFull/critical: system_disk_usage_percent > 90",
                "PredictionErrorRateHigh/critical: ml_error_rate_percent > 15",
                "PredictionErrorRateHigh/warning: ml_error_rate_percent > 5",
                "HostCpuHigh/warning: system_cpu_usage_percent > 80",
                "HostMemoryHigh/warning: system_memory_usage_percent > 85",
                "DataDriftDetected/warning: ml_feature_psi > 0.25");
    }

    /**
     * The runbook base is one setting of monitoring/config.yml: generated with another base, every
     * runbook_url of the rules, their promtool tests and the Grafana alerts follows it, and the tests
     * still pass. A relative base is refused.
     */
    @Test
    void runbookLinksAreAbsoluteAndSetFromOneBase() throws Exception {
        assertThat(runbookBase()).matches("https?://[^#\\s]+");
        MonitoringConfig config = MonitoringConfig.read(Tools.ROOT.resolve(MonitoringFiles.CONFIG));
        assertThat(runbookBase()).isEqualTo(config.runbookBase());
        Path copy = Files.createTempDirectory("runbook-base");
        for (String part : List.of("prometheus/rules", "prometheus/tests", "grafana/provisioning/alerting", "docs")) {
            copyDirectory(Tools.ROOT.resolve(part), copy.resolve(part));
        }
        String base = "https://wiki.example.com/risk/creditwatch-runbook";

        MonitoringFiles.write(MonitoringFiles.generate(config.withRunbookBase(base), copy), copy);

        for (String file : List.of("prometheus/rules/alerts.yml", "prometheus/tests/alerts_test.yml",
                "grafana/provisioning/alerting/rules.yml")) {
            List<String> links = Files.readAllLines(copy.resolve(file)).stream()
                    .filter(line -> line.contains("runbook_url:")).toList();
            assertThat(links).as(file).isNotEmpty().allMatch(line -> line.contains("runbook_url: " + base + "#"));
        }
        Tools.Result tests = Tools.run(copy.resolve("prometheus/tests"), "promtool", "test", "rules",
                "alerts_test.yml");
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThatThrownBy(() -> config.withRunbookBase("docs/runbook.md")).as("a relative base")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRecordingRuleIsTested() throws Exception {
        String tests = Files.readString(PROMETHEUS.resolve("tests/recording_test.yml"));

        for (JsonNode rule : rules("recording.yml", "record")) {
            assertThat(tests).contains("- expr: " + rule.path("record").asText() + "\n");
        }
        assertThat(rules("recording.yml", "record")).extracting(rule -> rule.path("record").asText())
                .contains("ml_error_rate_percent", "ml_throughput_requests_per_second");
    }

    /** The base every runbook_url is built from: the first alert's link without its anchor. */
    static String runbookBase() {
        String first = rules("alerts.yml", "alert").get(0).at("/annotations/runbook_url").asText();
        return first.substring(0, first.indexOf('#'));
    }

    /** The runbook link an alert must carry: the one base and the alert's section. */
    static String runbookUrl(String alertName) {
        return runbookBase() + "#" + alertName.toLowerCase(Locale.ROOT);
    }

    private static void copyDirectory(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static List<JsonNode> rules(String file, String kind) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : Yaml.read(PROMETHEUS.resolve("rules").resolve(file)).path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has(kind)) {
                    rules.add(rule);
                }
            });
        }
        return rules;
    }
}

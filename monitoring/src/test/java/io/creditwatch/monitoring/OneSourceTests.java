package io.creditwatch.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A threshold or the runbook base changed in the configuration changes every file that uses it:
 * the rule, its summary, the panel that draws it and the panel's description.
 */
class OneSourceTests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = GeneratedFilesTests.ROOT;

    private static MonitoringConfig committed() {
        return MonitoringConfig.read(ROOT.resolve(MonitoringFiles.CONFIG));
    }

    private static MonitoringConfig withCpuAt(double cpu) throws IOException {
        Path file = Files.createTempFile("monitoring", ".yml");
        String config = Files.readString(ROOT.resolve(MonitoringFiles.CONFIG));
        assertThat(config).contains("cpu-percent: {warning: 80}");
        Files.writeString(file, config.replace("cpu-percent: {warning: 80}", "cpu-percent: {warning: " + cpu + "}"));
        return MonitoringConfig.read(file);
    }

    @Test
    void aThresholdChangesTheRuleItsSummaryThePanelAndItsDescription() throws IOException {
        Map<String, String> files = MonitoringFiles.generate(withCpuAt(72.5), ROOT);

        JsonNode rule = alert(files, "HostCpuHigh");
        assertThat(rule.path("expr").asText()).isEqualTo("system_cpu_usage_percent > 72.5");
        assertThat(rule.at("/annotations/summary").asText()).isEqualTo("CPU usage above 72.5%");
        JsonNode panel = panel(files, "grafana/dashboards/system-health.json", "CPU usage");
        assertThat(panel.at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble()).isEqualTo(72.5);
        assertThat(panel.path("description").asText()).contains("above 72.5% for 5 minutes");
        assertThat(files.get("grafana/dashboards/system-health.json")).doesNotContain("80%");
    }

    @Test
    void thePanelsDrawTheCommittedThresholds() throws IOException {
        Map<String, String> files = MonitoringFiles.generate(committed(), ROOT);

        assertThat(alert(files, "HostMemoryHigh").path("expr").asText()).isEqualTo("system_memory_usage_percent > 85");
        JsonNode accuracy = panel(files, "grafana/dashboards/model-performance.json", "Accuracy");
        assertThat(accuracy.at("/fieldConfig/defaults/thresholds/steps").findValues("value"))
                .extracting(JsonNode::asText).containsExactly("null", "0.65", "0.75");
        assertThat(accuracy.path("description").asText()).contains("at 75% (warning) and 65% (critical)");
    }

    @Test
    void theRunbookBaseIsOneSetting() throws IOException {
        String base = "https://wiki.example.com/risk/creditwatch-runbook";
        Map<String, String> files = MonitoringFiles.generate(committed().withRunbookBase(base), ROOT);

        List<String> links = new ArrayList<>();
        for (String file : List.of("prometheus/rules/alerts.yml", "prometheus/tests/alerts_test.yml",
                "grafana/provisioning/alerting/rules.yml")) {
            files.get(file).lines().filter(line -> line.contains("runbook_url:")).forEach(links::add);
        }
        assertThat(links).hasSizeGreaterThan(70).allMatch(line -> line.trim().startsWith("runbook_url: " + base + "#"));
        assertThat(String.join("\n", files.values())).doesNotContain(committed().runbookBase());
        assertThatThrownBy(() -> committed().withRunbookBase("docs/runbook.md"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingThresholdIsAnError() throws IOException {
        Path file = Files.createTempFile("monitoring", ".yml");
        Files.writeString(file,
                Files.readString(ROOT.resolve(MonitoringFiles.CONFIG)).replace("  cpu-percent: {warning: 80}\n", ""));

        assertThatThrownBy(() -> MonitoringConfig.read(file)).hasMessageContaining("cpu-percent");
    }

    private static JsonNode alert(Map<String, String> files, String name) throws IOException {
        for (JsonNode group : YAML.readTree(files.get("prometheus/rules/alerts.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("alert").asText().equals(name)) {
                    return rule;
                }
            }
        }
        throw new AssertionError("no alert " + name);
    }

    private static JsonNode panel(Map<String, String> files, String dashboard, String title) throws IOException {
        for (JsonNode panel : JSON.readTree(files.get(dashboard)).path("panels")) {
            if (panel.path("title").asText().equals(title)) {
                return panel;
            }
        }
        throw new AssertionError("no panel " + title);
    }
}

package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** alertmanager/: amtool validates the config, and routing sends each alert where it should. */
class AlertmanagerConfigTests {

    private static final Path ALERTMANAGER = Tools.ROOT.resolve("alertmanager");

    @Test
    void configIsValid() {
        Tools.Result result = Tools.run(ALERTMANAGER, "amtool", "check-config", "alertmanager.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("1 inhibit rules", "2 receivers", "1 templates");
    }

    @ParameterizedTest
    @CsvSource({"ModelAccuracyLow, critical, slack-and-email", "ModelAccuracyLow, warning, slack",
            "InferenceServiceDown, critical, slack-and-email", "HostDiskFull, critical, slack-and-email",
            "DataDriftDetected, warning, slack", "PredictionErrorRateHigh, warning, slack",
            "SomethingNew, none, slack",})
    void alertsReachTheirReceivers(String alertname, String severity, String receivers) {
        Tools.Result result = Tools.run(ALERTMANAGER, "amtool", "config", "routes", "test",
                "--config.file=alertmanager.yml", "alertname=" + alertname, "severity=" + severity);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(line -> !line.startsWith("Warning")).toList())
                .containsExactly(receivers);
    }

    @Test
    void aGradesCalibrationWarningGoesToSlackAndEmail() {
        Tools.Result result = Tools.run(ALERTMANAGER, "amtool", "config", "routes", "test",
                "--config.file=alertmanager.yml", "alertname=ModelCalibrationBreach", "severity=warning",
                "scope=grade");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(line -> !line.startsWith("Warning")).toList())
                .containsExactly("slack-and-email");
    }

    @Test
    void criticalGoesToSlackAndEmailGroupedAndInhibitsTheMatchingWarning() throws Exception {
        JsonNode config = Yaml.read(ALERTMANAGER.resolve("alertmanager.yml"));

        assertThat(config.at("/route/group_by").toString()).isEqualTo("[\"alertname\",\"severity\"]");
        assertThat(config.at("/route/repeat_interval").asText()).isNotBlank();
        JsonNode inhibit = config.path("inhibit_rules").get(0);
        assertThat(inhibit.path("source_matchers").get(0).asText()).isEqualTo("severity=\"critical\"");
        assertThat(inhibit.path("target_matchers").get(0).asText()).isEqualTo("severity=\"warning\"");
        assertThat(inhibit.path("equal").toString()).contains("alertname");
        JsonNode both = config.path("receivers").get(1);
        assertThat(both.path("name").asText()).isEqualTo("slack-and-email");
        assertThat(both.has("slack_configs") && both.has("email_configs")).isTrue();
        assertThat(both.at("/slack_configs/0/send_resolved").asBoolean()).isTrue();
        assertThat(both.at("/email_configs/0/send_resolved").asBoolean()).isTrue();
    }

    /**
     * Inhibition in a real Alertmanager running the project's file (only the Slack URL file and the
     * templates' folder pointed elsewhere): a critical alert holds back the warning of the same
     * alert, target and cohort or grade; another cohort's, grade's or target's warning still goes out.
     */
    @Test
    void criticalInhibitsOnlyTheWarningOfItsOwnTargetAndCohort() throws Exception {
        Path work = Files.createTempDirectory("alertmanager-inhibition");
        Path slackUrl = Files.writeString(work.resolve("slack_webhook_url"), "http://127.0.0.1:9/unused");
        String project = Files.readString(ALERTMANAGER.resolve("alertmanager.yml"));
        assertThat(project).contains("/run/secrets/slack_webhook_url", "templates/*.tmpl");
        Path config = Files.writeString(work.resolve("alertmanager.yml"),
                project.replace("/run/secrets/slack_webhook_url", slackUrl.toString()).replace("templates/*.tmpl",
                        ALERTMANAGER.resolve("templates") + "/*.tmpl"));
        int port = LocalProcess.freePort();
        try (LocalProcess alertmanager = LocalStack.alertmanager(work, config, work.resolve("data"), port)
                .start("/-/ready", Duration.ofSeconds(60))) {
            String url = "--alertmanager.url=" + alertmanager.url("");
            for (String alert : List.of(
                    "alertname=ModelEarlyDefaultsHigh severity=critical cohort=2026-09 instance=e:8000",
                    "alertname=ModelEarlyDefaultsHigh severity=warning cohort=2026-09 instance=e:8000",
                    "alertname=ModelEarlyDefaultsHigh severity=warning cohort=2026-10 instance=e:8000",
                    "alertname=ModelAccuracyLow severity=critical instance=e:8000",
                    "alertname=ModelAccuracyLow severity=warning instance=e:8000",
                    "alertname=ModelAccuracyLow severity=warning instance=f:8000",
                    "alertname=ModelCalibrationBreach severity=critical scope=portfolio grade=portfolio instance=e:8000",
                    "alertname=ModelCalibrationBreach severity=warning scope=portfolio grade=portfolio instance=e:8000",
                    "alertname=ModelCalibrationBreach severity=warning scope=grade grade=3 instance=e:8000")) {
                List<String> command = new ArrayList<>(List.of("amtool", "alert", "add", url, "job=metrics-exporter"));
                command.addAll(List.of(alert.split(" ")));
                Tools.Result added = Tools.run(work, command.toArray(String[]::new));
                assertThat(added.exitCode()).as(added.output()).isZero();
            }
            String expected = """
                    active: [ModelAccuracyLow critical e:8000 -, ModelAccuracyLow warning f:8000 -, \
                    ModelCalibrationBreach critical e:8000 portfolio, ModelCalibrationBreach warning e:8000 3, \
                    ModelEarlyDefaultsHigh critical e:8000 2026-09, ModelEarlyDefaultsHigh warning e:8000 2026-10]
                    inhibited: [ModelAccuracyLow warning e:8000 -, ModelCalibrationBreach warning e:8000 portfolio, \
                    ModelEarlyDefaultsHigh warning e:8000 2026-09]""";
            AtomicReference<String> seen = new AtomicReference<>();
            try {
                LocalProcess.await(Duration.ofSeconds(20), "the inhibition to settle", () -> {
                    seen.set("active: " + alerts(work, url, "--active") + "\ninhibited: "
                            + alerts(work, url, "--inhibited"));
                    return seen.get().equals(expected);
                });
            } catch (AssertionError e) {
                assertThat(seen.get()).as(e.getMessage()).isEqualTo(expected);
            }
        }
    }

    /** The alerts amtool lists with {@code filter}, as "alertname severity instance cohort-or-grade". */
    private static TreeSet<String> alerts(Path work, String url, String filter) {
        Tools.Result result = Tools.run(work, "amtool", "alert", "query", url, filter, "--output=json");
        assertThat(result.exitCode()).as(result.output()).isZero();
        TreeSet<String> alerts = new TreeSet<>();
        for (JsonNode alert : Yaml.parse(result.output())) {
            JsonNode labels = alert.path("labels");
            alerts.add(labels.path("alertname").asText() + " " + labels.path("severity").asText() + " "
                    + labels.path("instance").asText() + " "
                    + labels.path("cohort").asText(labels.path("grade").asText("-")));
        }
        return alerts;
    }

    @Test
    void noSecretIsInTheRepository() throws Exception {
        String config = Files.readString(ALERTMANAGER.resolve("alertmanager.yml"));

        assertThat(config).contains("slack_api_url_file:").doesNotContain("hooks.slack.com", "slack_api_url:",
                "auth_password:");
    }
}

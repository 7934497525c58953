package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
    @CsvSource({
            "ModelAccuracyLow, critical, slack-and-email",
            "ModelAccuracyLow, warning, slack",
            "InferenceServiceDown, critical, slack-and-email",
            "HostDiskFull, critical, slack-and-email",
            "DataDriftDetected, warning, slack",
            "PredictionErrorRateHigh, warning, slack",
            "SomethingNew, none, slack",
    })
    void alertsReachTheirReceivers(String alertname, String severity, String receivers) {
        Tools.Result result = Tools.run(ALERTMANAGER, "amtool", "config", "routes", "test",
                "--config.file=alertmanager.yml", "alertname=" + alertname, "severity=" + severity);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(line -> !line.startsWith("Warning")).toList())
                .containsExactly(receivers);
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

    @Test
    void noSecretIsInTheRepository() throws Exception {
        String config = Files.readString(ALERTMANAGER.resolve("alertmanager.yml"));

        assertThat(config).contains("slack_api_url_file:").doesNotContain("hooks.slack.com", "slack_api_url:",
                "auth_password:");
    }
}

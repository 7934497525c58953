package io.creditwatch.monitoring.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.creditwatch.monitoring.MonitoringConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule file reads back as the rules it was written from, whatever characters their texts hold. */
class RuleFileTests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void textsThatYamlWouldMisreadBareAreQuoted() throws Exception {
        Alert tricky = Alert.named("Tricky", "warning")
                .comment("a comment long enough to be wrapped over two lines "
                        + "of the rule file, which must still read as a comment and not as part of the rule")
                .expr("a > 1 # not a comment").holdFor("5m").label("scope", "portfolio: all")
                .summary("Summary: with a colon").description("{{ $value }} \"quoted\" and a \\ backslash");
        Alert multiLine = Alert.named("MultiLine", "critical").expr("sum(x)\n  and on () y > 0")
                .summary("it's 'quoted'").description("plain {{ $labels.instance }}");

        String written = RuleFile.write(List.of(new RuleGroup("g", List.of(tricky, multiLine))), "header",
                name -> "https://runbook.example.com/r.md#" + name.toLowerCase());

        JsonNode rules = YAML.readTree(written).at("/groups/0/rules");
        assertThat(rules.at("/0/expr").asText()).isEqualTo("a > 1 # not a comment");
        assertThat(rules.at("/0/labels/scope").asText()).isEqualTo("portfolio: all");
        assertThat(rules.at("/0/annotations/summary").asText()).isEqualTo("Summary: with a colon");
        assertThat(rules.at("/0/annotations/description").asText())
                .isEqualTo("{{ $value }} \"quoted\" and a \\ backslash");
        assertThat(rules.at("/0/annotations/runbook_url").asText())
                .isEqualTo("https://runbook.example.com/r.md#tricky");
        assertThat(rules.at("/1/expr").asText().strip()).isEqualTo("sum(x)\n  and on () y > 0");
        assertThat(rules.at("/1/annotations/summary").asText()).isEqualTo("it's 'quoted'");
        assertThat(rules.at("/1").has("for")).isFalse();
        assertThat(written).startsWith("# header\n").contains("      # a comment long enough");
        assertThat(written.lines()).allMatch(line -> line.length() <= 100 || !line.trim().startsWith("#"));
    }

    @Test
    void theProjectsRulesReadBackAsBuilt() throws Exception {
        MonitoringConfig config = MonitoringConfig.read(Path.of("..", "monitoring", "config.yml"));
        List<RuleGroup> groups = PrometheusAlerts.groups(config);

        JsonNode file = YAML.readTree(RuleFile.write(groups, "h", config::runbookUrl)).path("groups");
        List<String> read = new ArrayList<>();
        file.forEach(group -> group.path("rules")
                .forEach(rule -> read.add(rule.path("alert").asText() + " " + rule.path("expr").asText().strip() + " "
                        + rule.at("/annotations/summary").asText() + " "
                        + rule.at("/annotations/description").asText())));
        List<String> built = new ArrayList<>();
        groups.forEach(group -> group.alerts().forEach(alert -> built
                .add(alert.name() + " " + alert.expr() + " " + alert.summary() + " " + alert.description())));
        assertThat(read).hasSizeGreaterThanOrEqualTo(30).isEqualTo(built);
    }
}

package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * grafana/: Grafana cannot run here, so its provisioning is checked structurally, and every
 * query of every dashboard and alert rule is sent to a live Prometheus, which must parse it.
 */
class GrafanaProvisioningTests {

    static final Path GRAFANA = Tools.ROOT.resolve("grafana");
    static final String DATASOURCE_UID = "creditwatch-prometheus";
    /** Panels name the dashboard's datasource variable, whose default is {@link #DATASOURCE_UID}. */
    static final String PANEL_DATASOURCE = "${datasource}";

    private static final Pattern METRIC = Pattern.compile("\\b((?:ml|system|process|jvm)_[a-z0-9_:]+|up)\\b");
    private static LocalProcess prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        Path work = Files.createTempDirectory("grafana-queries");
        Path config = Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
        int port = LocalProcess.freePort();
        prometheus = LocalStack.prometheus(work, config, work.resolve("data"), port).start("/-/ready",
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /**
     * Every query the four dashboards and the alert rules hold, as Prometheus receives it from
     * Grafana with every replica selected and a one-hour dashboard range.
     */
    static List<String> allQueries() {
        List<String> queries = new ArrayList<>();
        for (Path file : dashboards()) {
            for (JsonNode panel : Yaml.read(file).path("panels")) {
                panel.path("targets").forEach(target -> queries.add(asSentByGrafana(target.path("expr").asText())));
            }
        }
        for (JsonNode rule : alertRules()) {
            rule.path("data").forEach(query -> {
                if (query.at("/model/expr").isTextual()) {
                    queries.add(query.at("/model/expr").asText());
                }
            });
        }
        return queries;
    }

    /** A dashboard query with Grafana's variables replaced as Grafana does for "All" and a one-hour range. */
    static String asSentByGrafana(String expr) {
        return expr.replace("$job", ".*").replace("$instance", ".*").replace("$__rate_interval", "1m")
                .replace("$__range", "1h");
    }

    @Test
    void fourDashboardsWithFixedUids() {
        assertThat(dashboards()).extracting(file -> Yaml.read(file).path("uid").asText()).containsExactlyInAnyOrder(
                "creditwatch-model-performance", "creditwatch-system-health", "creditwatch-data-quality",
                "creditwatch-business-metrics");
        assertThat(dashboards()).extracting(file -> Yaml.read(file).path("title").asText())
                .containsExactlyInAnyOrder("Model Performance", "System Health", "Data Quality", "Business Metrics");
    }

    @Test
    void everyDashboardChoosesItsDatasourceJobAndInstance() {
        for (Path file : dashboards()) {
            JsonNode variables = Yaml.read(file).at("/templating/list");
            assertThat(variables).as(file.toString()).hasSize(3);
            assertThat(variables.get(0).path("name").asText()).isEqualTo("datasource");
            assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
            assertThat(variables.get(0).path("query").asText()).isEqualTo("prometheus");
            assertThat(variables.get(0).at("/current/value").asText()).isEqualTo(DATASOURCE_UID);
            for (int i = 1; i < 3; i++) {
                JsonNode variable = variables.get(i);
                assertThat(variable.path("name").asText()).as(file.toString()).isEqualTo(i == 1 ? "job" : "instance");
                assertThat(variable.path("type").asText()).isEqualTo("query");
                assertThat(variable.at("/datasource/uid").asText()).isEqualTo(PANEL_DATASOURCE);
                assertThat(variable.path("includeAll").asBoolean()).isTrue();
                assertThat(variable.path("multi").asBoolean()).isTrue();
                assertThat(variable.path("allValue").asText()).isEqualTo(".*");
                assertThat(variable.path("definition").asText()).startsWith("label_values(");
            }
        }
    }

    /**
     * The dashboards' conventions, panel by panel, as Grafana would draw them: a small linter.
     * Each broken rule is reported with the dashboard and panel it was found on.
     */
    @Test
    void everyPanelFollowsTheConventions() {
        List<String> problems = new ArrayList<>();
        for (Path file : dashboards()) {
            Set<Integer> ids = new HashSet<>();
            JsonNode panels = Yaml.read(file).path("panels");
            assertThat(panels).as(file.toString()).isNotEmpty();
            for (JsonNode panel : panels) {
                String where = file.getFileName() + " / " + panel.path("title").asText() + ": ";
                problems.addAll(DashboardLint.check(panel).stream().map(problem -> where + problem).toList());
                if (!ids.add(panel.path("id").asInt())) {
                    problems.add(where + "id " + panel.path("id").asInt() + " is used twice");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theLinterFindsWhatTheIssueFound() {
        JsonNode defaultColours = Yaml
                .parse("""
                        {"title": "Approval rate", "type": "stat", "description": "share approved",
                         "datasource": {"uid": "${datasource}"},
                         "targets": [{"datasource": {"uid": "${datasource}"},
                                      "expr": "100 * sum(rate(ml_predictions_total{class=\\"0\\"}[1h]))"}],
                         "fieldConfig": {"defaults": {"unit": "percent",
                           "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 80}]}}}}
                        """);
        JsonNode cumulative = Yaml.parse("""
                {"title": "Scores", "type": "bargauge", "datasource": {"uid": "creditwatch-prometheus"},
                 "targets": [{"datasource": {"uid": "creditwatch-prometheus"},
                              "expr": "sum by (le) (increase(ml_credit_score_bucket[1h]))"}],
                 "fieldConfig": {"defaults": {}}}
                """);
        JsonNode versionOverTime = Yaml
                .parse("""
                        {"title": "Model version", "type": "table", "description": "version", "datasource": {"uid": "${datasource}"},
                         "targets": [{"datasource": {"uid": "${datasource}"}, "expr": "ml_model_info{job=~\\"$job\\", instance=~\\"$instance\\"}"}],
                         "fieldConfig": {"defaults": {"unit": "none"}}}
                        """);

        assertThat(DashboardLint.check(defaultColours))
                .anyMatch(problem -> problem.contains("Grafana's default thresholds"))
                .anyMatch(problem -> problem.contains("$__rate_interval")).anyMatch(problem -> problem.contains("$job"))
                .anyMatch(problem -> problem.contains("max 100"));
        // a missing description, unit, thresholds or ${datasource}, which this panel also has, the builders refuse
        assertThat(DashboardLint.check(cumulative)).anyMatch(problem -> problem.contains("heatmap"));
        assertThat(DashboardLint.check(versionOverTime)).anyMatch(problem -> problem.contains("instant"));
        JsonNode lightsAsNumbers = Yaml
                .parse("""
                        {"title": "Lights", "type": "table", "description": "lights", "datasource": {"uid": "${datasource}"},
                         "targets": [{"datasource": {"uid": "${datasource}"},
                                      "expr": "ml_vintage_early_defaults_traffic_light{job=~\\"$job\\", instance=~\\"$instance\\"}"}],
                         "fieldConfig": {"defaults": {"unit": "none",
                           "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}]}}}}
                        """);
        assertThat(DashboardLint.check(lightsAsNumbers))
                .containsExactly("a table of codes (flags or traffic lights) without value mappings for their column");
    }

    /**
     * An alert with a plain threshold ({@code metric > N}) draws N on every time-series panel
     * that plots the metric, so the reader sees how far the line is from paging.
     */
    @Test
    void alertThresholdsAreDrawnOnThePanelsTheyConcern() {
        Pattern simple = Pattern.compile("^([a-z][a-z0-9_:]*)(\\{[^}]*\\})?\\s*([<>])\\s*([0-9.]+)$");
        List<String> problems = new ArrayList<>();
        int drawn = 0;
        for (JsonNode alert : PrometheusRulesTests.rules("alerts.yml", "alert")) {
            Matcher matcher = simple.matcher(alert.path("expr").asText().trim());
            if (!matcher.matches()) {
                continue;
            }
            String metric = matcher.group(1);
            double threshold = Double.parseDouble(matcher.group(4));
            for (Path file : dashboards()) {
                for (JsonNode panel : Yaml.read(file).path("panels")) {
                    boolean plots = false;
                    for (JsonNode target : panel.path("targets")) {
                        plots |= Pattern.compile("\\b" + Pattern.quote(metric) + "\\{")
                                .matcher(target.path("expr").asText()).find();
                    }
                    if (!plots || !panel.path("type").asText().equals("timeseries")) {
                        continue;
                    }
                    JsonNode defaults = panel.at("/fieldConfig/defaults");
                    boolean hasStep = false;
                    for (JsonNode step : defaults.at("/thresholds/steps")) {
                        hasStep |= step.path("value").isNumber() && step.path("value").asDouble() == threshold;
                    }
                    String style = defaults.at("/custom/thresholdsStyle/mode").asText("off");
                    if (!hasStep || style.equals("off")) {
                        problems.add(file.getFileName() + " / " + panel.path("title").asText() + ": "
                                + alert.path("alert").asText() + " fires at " + threshold + ", not drawn");
                    } else {
                        drawn++;
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(drawn).as("alert thresholds drawn").isGreaterThanOrEqualTo(11);
    }

    @Test
    void dashboardsShowAtLeastTenDistinctMetricsAndTheSpecificationsOnes() {
        Set<String> metrics = new TreeSet<>();
        for (String query : allQueries()) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                metrics.add(matcher.group(1).replaceAll("_(bucket|sum|count)$", ""));
            }
        }

        assertThat(metrics).hasSizeGreaterThanOrEqualTo(10).contains("ml_model_accuracy", "ml_model_precision",
                "ml_model_recall", "ml_model_f1_score", "ml_model_auc_roc", "system_cpu_usage_percent",
                "system_memory_usage_percent", "system_disk_usage_percent", "ml_service_uptime_seconds",
                "ml_requests_total", "ml_request_duration_seconds", "ml_predictions_total", "ml_error_rate_percent",
                "ml_throughput_requests_per_second", "ml_data_drift_score", "ml_data_quality_missing_values_percent",
                "ml_data_quality_outliers_percent");
    }

    @Test
    void modelPerformanceShowsTheCreditRiskValidation() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : Yaml.read(GRAFANA.resolve("dashboards/model-performance.json")).path("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }

        for (String metric : List.of("ml_validation_auc_ci_lower", "ml_validation_auc_ci_upper",
                "ml_model_auc_roc{source=\"holdout\"", "ml_validation_observed_default_rate", "ml_validation_mean_pd",
                "ml_validation_auc_test_traffic_light", "ml_validation_jeffreys_traffic_light",
                "ml_grade_share{source=\"live\"", "ml_grade_share{source=\"reference\"",
                "ml_validation_rank_ordering_significant_inversions")) {
            assertThat(queries).as(metric).anyMatch(query -> query.contains(metric));
        }
    }

    /** The Vintages row: the panels below it, up to the next row, query each vintage series the alert and runbook name. */
    @Test
    void modelPerformanceShowsTheVintagesInARowOfTheirOwn() {
        JsonNode panels = Yaml.read(GRAFANA.resolve("dashboards/model-performance.json")).path("panels");
        double rowY = Double.NaN, nextRowY = Double.POSITIVE_INFINITY;
        for (JsonNode panel : panels) {
            double y = panel.at("/gridPos/y").asDouble();
            if (panel.path("type").asText().equals("row")) {
                if (panel.path("title").asText().equals("Vintages")) {
                    rowY = y;
                } else if (!Double.isNaN(rowY) && y > rowY) {
                    nextRowY = Math.min(nextRowY, y);
                }
            }
        }
        assertThat(rowY).as("a row titled Vintages").isNotNaN();
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels) {
            double y = panel.at("/gridPos/y").asDouble();
            if (y > rowY && y < nextRowY) {
                panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
            }
        }

        for (String metric : List.of("ml_vintage_observed_default_rate", "ml_vintage_expected_default_rate",
                "ml_vintage_early_defaults_traffic_light", "ml_vintage_early_defaults_p_value",
                "ml_vintage_applications", "ml_vintage_defaults", "ml_vintage_expected_defaults",
                "ml_vintage_outcomes_share{outcome=\"mature\"", "ml_vintage_outcomes_share{outcome=\"censored\"",
                "ml_vintage_outcomes_share{outcome=\"none\"", "ml_vintage_seasoning_share")) {
            assertThat(queries).as(metric).anyMatch(query -> query.contains(metric));
        }
    }

    @Test
    void datasourceIsFixedAndNotEditable() {
        JsonNode datasource = Yaml.read(GRAFANA.resolve("provisioning/datasources/prometheus.yml"))
                .at("/datasources/0");

        assertThat(datasource.path("uid").asText()).isEqualTo(DATASOURCE_UID);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("editable").asBoolean(true)).isFalse();
    }

    @Test
    void alertRulesFollowTheConventionsAndOwnTheirConditions() throws Exception {
        List<JsonNode> rules = alertRules();
        String runbook = Files.readString(Tools.ROOT.resolve("docs/runbook.md"));
        Set<String> prometheusAlerts = new HashSet<>();
        PrometheusRulesTests.rules("alerts.yml", "alert")
                .forEach(rule -> prometheusAlerts.add(rule.path("alert").asText()));

        assertThat(rules).hasSizeGreaterThanOrEqualTo(3);
        Set<String> uids = new HashSet<>();
        for (JsonNode rule : rules) {
            String title = rule.path("title").asText();
            assertThat(prometheusAlerts).as("a Prometheus rule already owns " + title).doesNotContain(title);
            assertThat(title).as("CamelCase name").matches("[A-Z][A-Za-z0-9]+");
            assertThat(uids.add(rule.path("uid").asText())).as(title + ": unique uid").isTrue();
            assertThat(rule.path("uid").asText()).startsWith("creditwatch-");
            assertThat(rule.path("noDataState").asText()).as(title).isIn("OK", "NoData", "Alerting");
            assertThat(rule.path("execErrState").asText()).as(title).isIn("Error", "Alerting", "OK");
            assertThat(rule.at("/labels/severity").asText()).as(title).isIn("critical", "warning");
            assertThat(rule.at("/annotations/summary").asText()).as(title).isNotBlank();
            assertThat(rule.at("/annotations/description").asText()).as(title).contains("{{");
            assertThat(rule.at("/annotations/runbook_url").asText()).as(title)
                    .isEqualTo(PrometheusRulesTests.runbookUrl(title));
            assertThat(runbook).as("runbook section of " + title).contains("\n## " + title + "\n");
            String condition = rule.path("condition").asText();
            assertThat(rule.path("data")).as(title)
                    .anySatisfy(query -> assertThat(query.path("refId").asText()).isEqualTo(condition));
            rule.path("data").forEach(query -> assertThat(query.path("datasourceUid").asText()).as(title)
                    .isIn(DATASOURCE_UID, "__expr__"));
        }
        JsonNode contactPoints = Yaml.read(GRAFANA.resolve("provisioning/alerting/contact-points.yml"));
        assertThat(contactPoints.at("/contactPoints/0/receivers/0/type").asText()).isEqualTo("prometheus-alertmanager");
        assertThat(contactPoints.at("/policies/0/receiver").asText())
                .isEqualTo(contactPoints.at("/contactPoints/0/name").asText());
    }

    /**
     * Each Grafana rule (query A, reduced to its last value, against threshold C, held for its
     * {@code for}) is the Prometheus alert {@code (A) <op> threshold}; grafana/tests/alerts_test.yml
     * runs scenarios against those with promtool, and every rule must have firing and quiet ones.
     */
    @Test
    void alertRulesFireOnTheirScenariosAndStayQuietOtherwise() throws Exception {
        Path work = Files.createTempDirectory("grafana-alerts");
        StringBuilder equivalent = new StringBuilder("groups:\n  - name: grafana\n    rules:\n");
        for (JsonNode rule : alertRules()) {
            String query = "", operator = "";
            double threshold = Double.NaN;
            for (JsonNode step : rule.path("data")) {
                if (step.path("refId").asText().equals("A")) {
                    query = step.at("/model/expr").asText().trim();
                } else if (step.path("refId").asText().equals(rule.path("condition").asText())) {
                    JsonNode evaluator = step.at("/model/conditions/0/evaluator");
                    operator = switch (evaluator.path("type").asText()) {
                        case "gt" -> ">";
                        case "lt" -> "<";
                        default -> throw new AssertionError("unexpected evaluator " + evaluator);
                    };
                    threshold = evaluator.path("params").get(0).asDouble();
                }
            }
            equivalent.append("      - alert: ").append(rule.path("title").asText()).append('\n')
                    .append("        expr: ")
                    .append(new ObjectMapper().writeValueAsString("(" + query + ") " + operator + " " + threshold))
                    .append('\n').append("        for: ").append(rule.path("for").asText()).append('\n')
                    .append("        labels: {severity: ").append(rule.at("/labels/severity").asText()).append("}\n");
        }
        Files.writeString(work.resolve("grafana_rules.yml"), equivalent);
        Path scenarios = Files.copy(GRAFANA.resolve("tests/alerts_test.yml"), work.resolve("alerts_test.yml"));

        Tools.Result result = Tools.run(work, "promtool", "test", "rules", scenarios.getFileName().toString());

        assertThat(result.exitCode()).as(result.output() + "\n" + equivalent).isZero();
        String tests = Files.readString(scenarios);
        for (JsonNode rule : alertRules()) {
            String name = rule.path("title").asText();
            assertThat(tests).as("a firing test of " + name)
                    .containsPattern("alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels:");
            assertThat(tests).as("a quiet test of " + name)
                    .containsPattern("alertname: " + name + "\\s+exp_alerts: \\[\\]");
        }
    }

    @Test
    void everyQueryParsesAsPromQl() {
        ObjectMapper json = new ObjectMapper();
        List<String> queries = allQueries();
        assertThat(queries).hasSizeGreaterThan(30);
        for (String query : queries) {
            var response = prometheus.get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(query + "\n" + response.body()).isEqualTo(200);
            try {
                assertThat(json.readTree(response.body()).path("status").asText()).as(query).isEqualTo("success");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : Yaml.read(GRAFANA.resolve("provisioning/alerting/rules.yml")).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }
}

package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.Numbers;

import java.util.List;
import java.util.function.Function;

import static io.creditwatch.monitoring.Numbers.n;

/**
 * The Grafana-managed alert rules ({@code grafana/provisioning/alerting/rules.yml}): business
 * conditions no Prometheus rule covers, each a query A reduced to its last value (B) and compared
 * with a threshold from the configuration (C). Their promtool scenarios are in
 * {@code grafana/tests/alerts_test.yml}.
 */
public final class GrafanaAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One rule: {@code comparison} is Grafana's evaluator, {@code gt} or {@code lt}, and
     * {@code setting} the key of monitoring/config.yml's {@code thresholds} its threshold comes from.
     */
    public record Rule(String uid, String title, String comment, String expr, String comparison, double threshold,
                       String holdFor, String severity, String summary, String description, String setting) {

        /** The condition on one line, for a table: the query, the comparison and the threshold. */
        public String condition() {
            return "(" + expr.strip().replaceAll("\\s+", " ") + ") " + (comparison.equals("gt") ? ">" : "<") + " "
                    + n(threshold);
        }
    }

    private GrafanaAlerts() {
    }

    public static List<Rule> rules(MonitoringConfig config) {
        MonitoringConfig.AlertThresholds t = config.thresholds();
        double volume = t.predictionVolumeShareOfLastWeek().warningValue();
        double approval = t.approvalRateShiftPoints().warningValue();
        double bands = t.riskBandShiftPoints().warningValue();
        return List.of(new Rule("creditwatch-prediction-volume-dropped", "PredictionVolumeDropped", "Fewer than "
                + share(volume) + " the predictions of the same hour a week ago (with at least 100 then):"
                + " a client stopped calling, or traffic goes elsewhere. No history yet: no data, not an alert.", """
                        sum(increase(ml_predictions_total[1h])) / sum(increase(ml_predictions_total[1h] offset 1w))
                          and on() sum(increase(ml_predictions_total[1h] offset 1w)) >= 100
                        """, "lt", volume, "15m", "warning",
                "Prediction volume fell below " + share(volume) + " of the same hour last week",
                "Predictions in the last hour are {{ humanizePercentage $values.B.Value }} of the same hour a week ago.",
                "prediction-volume-share-of-last-week"),
                new Rule("creditwatch-approval-rate-shifted", "ApprovalRateShifted",
                        "The share of applications predicted to repay (approved at the service's cut-off) in the last hour"
                                + " against the last 24 hours, with at least 200 predictions in the hour.",
                        """
                                100 * abs(
                                    sum(increase(ml_predictions_total{class="0"}[1h])) / sum(increase(ml_predictions_total[1h]))
                                  - sum(increase(ml_predictions_total{class="0"}[1d])) / sum(increase(ml_predictions_total[1d])))
                                  and on() sum(increase(ml_predictions_total[1h])) >= 200
                                """,
                        "gt", approval, "15m", "warning",
                        "Approval rate moved more than " + n(approval) + " points from its daily level",
                        "The approval rate of the last hour differs from that of the last 24 hours by"
                                + " {{ printf \"%.1f\" $values.B.Value }} percentage points.",
                        "approval-rate-shift-points"),
                new Rule("creditwatch-risk-band-mix-shifted", "RiskBandMixShifted",
                        "The largest change of one risk band's share (low, medium, high) in the last hour against the last"
                                + " 24 hours, with at least 200 predictions in the hour.",
                        """
                                100 * max(abs(
                                    sum by (band) (increase(ml_predictions_risk_band_total[1h])) / scalar(sum(increase(ml_predictions_risk_band_total[1h])))
                                  - sum by (band) (increase(ml_predictions_risk_band_total[1d])) / scalar(sum(increase(ml_predictions_risk_band_total[1d])))))
                                  and on() sum(increase(ml_predictions_risk_band_total[1h])) >= 200
                                """,
                        "gt", bands, "15m", "warning",
                        "Risk-band mix moved more than " + n(bands) + " points from its daily level",
                        "The share of one risk band in the last hour differs from its share over the last 24 hours by"
                                + " {{ printf \"%.1f\" $values.B.Value }} percentage points.",
                        "risk-band-shift-points"));
    }

    /** How long a rule's condition must hold before it fires, in words ("15 minutes"). */
    public static String holdFor(MonitoringConfig config, String title) {
        return rules(config).stream().filter(rule -> rule.title().equals(title)).findFirst()
                .map(rule -> Numbers.duration(rule.holdFor()))
                .orElseThrow(() -> new IllegalArgumentException("no Grafana alert " + title));
    }

    /** 0.5 as "half", else as a percentage. */
    private static String share(double ratio) {
        return ratio == 0.5 ? "half" : Numbers.percent(ratio);
    }

    /** The provisioning file, each rule's runbook link from {@code runbookUrl}. */
    public static String file(MonitoringConfig config, Function<String, String> runbookUrl) {
        StringBuilder out = new StringBuilder(
                """
                        # Generated by the monitoring module from monitoring/config.yml: do not edit, regenerate (docs/stack.md#one-source-monitoringconfigyml).
                        # Grafana-managed alert rules. Prometheus rules own every condition they cover (service down,
                        # accuracy, error rate, drift, ...); these watch business conditions no Prometheus rule covers,
                        # each under its own name, and go to the same Alertmanager (contact-points.yml).
                        apiVersion: 1

                        groups:
                          - orgId: 1
                            name: creditwatch
                            folder: creditwatch
                            interval: 1m
                            rules:
                        """);
        for (Rule rule : rules(config)) {
            for (String line : io.creditwatch.monitoring.prometheus.RuleFile.wrap(rule.comment(), 100)) {
                out.append("      # ").append(line).append('\n');
            }
            out.append("      - uid: ").append(rule.uid()).append('\n').append("        title: ").append(rule.title())
                    .append('\n').append("        condition: C\n").append("        data:\n")
                    .append("          - refId: A\n").append("            relativeTimeRange: {from: 600, to: 0}\n")
                    .append("            datasourceUid: ").append(config.datasourceUid()).append('\n')
                    .append("            model:\n").append("              refId: A\n")
                    .append("              expr: |\n");
            rule.expr().lines().forEach(line -> out.append("                ").append(line).append('\n'));
            out.append("              instant: true\n").append("          - refId: B\n")
                    .append("            datasourceUid: __expr__\n")
                    .append("            model: {refId: B, type: reduce, expression: A, reducer: last}\n")
                    .append("          - refId: C\n").append("            datasourceUid: __expr__\n")
                    .append("            model:\n").append("              refId: C\n")
                    .append("              type: threshold\n").append("              expression: B\n")
                    .append("              conditions:\n").append("                - evaluator: {type: ")
                    .append(rule.comparison()).append(", params: [").append(n(rule.threshold())).append("]}\n")
                    .append("        noDataState: OK\n").append("        execErrState: Error\n").append("        for: ")
                    .append(rule.holdFor()).append('\n').append("        labels:\n").append("          severity: ")
                    .append(rule.severity()).append('\n').append("        annotations:\n").append("          summary: ")
                    .append(rule.summary()).append('\n').append("          description: ")
                    .append(quoted(rule.description())).append('\n').append("          runbook_url: ")
                    .append(runbookUrl.apply(rule.title())).append('\n');
        }
        return out.toString();
    }

    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

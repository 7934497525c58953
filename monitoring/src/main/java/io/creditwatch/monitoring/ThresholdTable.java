package io.creditwatch.monitoring;

import io.creditwatch.monitoring.grafana.GrafanaAlerts;
import io.creditwatch.monitoring.prometheus.Alert;
import io.creditwatch.monitoring.prometheus.PrometheusAlerts;
import io.creditwatch.monitoring.prometheus.RuleGroup;

/**
 * The table of every alert with its condition, its {@code for} and the setting its threshold
 * comes from, written into docs/stack.md between its markers, so that the doc quotes the
 * thresholds without keeping a copy of them.
 */
final class ThresholdTable {

    static final String START = "<!-- generated from monitoring/config.yml: alerts start -->\n";
    static final String END = "<!-- generated from monitoring/config.yml: alerts end -->";

    private ThresholdTable() {
    }

    /** {@code doc} with the table between its markers replaced by the one of this configuration. */
    static String into(String doc, MonitoringConfig config) {
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("docs/stack.md has lost the markers of the alert table");
        }
        return doc.substring(0, start + START.length()) + table(config) + doc.substring(end);
    }

    private static String table(MonitoringConfig config) {
        StringBuilder table = new StringBuilder("""
                | alert | rule of | severity | summary | fires when | for | `thresholds:` key |
                |---|---|---|---|---|---|---|
                """);
        for (RuleGroup group : PrometheusAlerts.groups(config)) {
            for (Alert alert : group.alerts()) {
                row(table, alert.name(), "Prometheus", alert.severity(), alert.summary(), alert.condition(),
                        alert.holdFor() == null ? "at once" : alert.holdFor(), String.join(", ", alert.settings()));
            }
        }
        for (GrafanaAlerts.Rule rule : GrafanaAlerts.rules(config)) {
            row(table, rule.title(), "Grafana", rule.severity(), rule.summary(), rule.condition(), rule.holdFor(),
                    rule.setting());
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String name, String owner, String severity, String summary,
                            String condition, String holdFor, String settings) {
        table.append("| `").append(name).append("` | ").append(owner).append(" | ").append(severity).append(" | ")
                .append(cell(summary)).append(" | `").append(cell(condition)).append("` | ").append(holdFor)
                .append(" | ").append(settings.isEmpty() ? "" : "`" + settings.replace(", ", "`, `") + "`")
                .append(" |\n");
    }

    /** A pipe would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}

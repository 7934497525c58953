package io.creditwatch.monitoring.dashboards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.Numbers;
import io.creditwatch.monitoring.grafana.Panel;
import io.creditwatch.monitoring.grafana.Target;
import io.creditwatch.monitoring.grafana.Thresholds;
import io.creditwatch.monitoring.grafana.Variables;
import io.creditwatch.monitoring.prometheus.PrometheusAlerts;
import java.util.LinkedHashMap;
import java.util.Map;

/** The four dashboards Grafana provisions from {@code grafana/dashboards}, by file name. */
public final class Dashboards {

    /** Every service of the stack exposes it, so its labels list the jobs and instances to choose from. */
    private static final String JOB_METRIC = "process_uptime_seconds";

    private Dashboards() {
    }

    public static Map<String, ObjectNode> all(MonitoringConfig config) {
        Map<String, ObjectNode> dashboards = new LinkedHashMap<>();
        dashboards.put("business-metrics.json", BusinessMetrics.build(config));
        dashboards.put("data-quality.json", DataQuality.build(config));
        dashboards.put("model-performance.json", ModelPerformance.build(config));
        dashboards.put("system-health.json", SystemHealth.build(config));
        return dashboards;
    }

    /**
     * How long a Prometheus alert's condition must hold before it fires, in words for a panel's
     * description ("5 minutes"), from the rule itself.
     */
    static String holdFor(MonitoringConfig config, String alertName) {
        return PrometheusAlerts.groups(config).stream().flatMap(group -> group.alerts().stream())
                .filter(alert -> alert.name().equals(alertName)).findFirst()
                .map(alert -> Numbers.duration(alert.holdFor()))
                .orElseThrow(() -> new IllegalArgumentException("no alert " + alertName));
    }

    /**
     * Bars of a histogram's buckets over the dashboard's time range, each counting its bucket alone
     * (labelled by its upper bound), summed over the selected replicas.
     */
    static Panel bucketCounts(String title, String histogram) {
        return Panel.bargauge(title)
                .target(Target
                        .expr("sum by (le) (increase(" + histogram
                                + "_bucket{job=~\"$job\", instance=~\"$instance\"}[$__range]))")
                        .legend("{{le}}").instant().format("heatmap"))
                .unit("short").min(0).thresholds(Thresholds.base("blue")).plainBars("vertical");
    }

    /** The variables every dashboard shares, written once. */
    static ArrayNode variables(MonitoringConfig config) {
        return Variables.datasourceJobAndInstance(config.datasourceUid(), JOB_METRIC);
    }
}

package io.creditwatch.monitoring.dashboards;

import static io.creditwatch.monitoring.Numbers.milliseconds;
import static io.creditwatch.monitoring.Numbers.n;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.grafana.Dashboard;
import io.creditwatch.monitoring.grafana.Panel;
import io.creditwatch.monitoring.grafana.Target;
import io.creditwatch.monitoring.grafana.Thresholds;
import io.creditwatch.monitoring.grafana.ValueMapping;

/** The {@code grafana/dashboards/system-health.json} dashboard. Host, services, latency, throughput and errors. */
final class SystemHealth {

    private SystemHealth() {
    }

    static ObjectNode build(MonitoringConfig config) {
        MonitoringConfig.AlertThresholds t = config.thresholds();
        return Dashboard.builder("creditwatch-system-health", "System Health")
                .description("Host, services, latency, throughput and errors.").tags("creditwatch", "system").version(2)
                .variables(Dashboards.variables(config))
                .panel(percentPerInstance("CPU usage", "system_cpu_usage_percent",
                        Thresholds.base("green").step("orange", t.cpuPercent().warningValue()))
                        .description("Host CPU usage seen by the exporter. Dashed: HostCpuHigh (warning) " + "above "
                                + n(t.cpuPercent().warningValue()) + "% for "
                                + Dashboards.holdFor(config, "HostCpuHigh") + "."))
                .panel(percentPerInstance("Memory usage", "system_memory_usage_percent",
                        Thresholds.base("green").step("orange", t.memoryPercent().warningValue()))
                        .description("Host memory in use. Dashed: HostMemoryHigh (warning) above "
                                + n(t.memoryPercent().warningValue()) + "% for "
                                + Dashboards.holdFor(config, "HostMemoryHigh") + "."))
                .panel(percentPerInstance("Disk usage", "system_disk_usage_percent",
                        Thresholds.base("green").step("red", t.diskPercent().criticalValue()))
                        .description("Usage of the exporter's disk (exporter.disk-path). Dashed: "
                                + "HostDiskFull (critical) above " + n(t.diskPercent().criticalValue()) + "% for "
                                + Dashboards.holdFor(config, "HostDiskFull") + "."))
                .panel(Panel.stat("Uptime")
                        .description("How long each service has run. Orange for the first 5 minutes after a "
                                + "start: a restart you did not expect is worth a look at its log.")
                        .target(Target.expr("ml_service_uptime_seconds{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("metrics-exporter {{instance}}"))
                        .target(Target.expr("process_uptime_seconds{job=\"ml-inference\", job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("inference-service {{instance}}"))
                        .unit("s").thresholds(Thresholds.base("orange").step("green", 300))
                        .lastValue("value", "value_and_name"))
                .panel(Panel.stat("Targets up")
                        .description("Whether Prometheus can scrape each target: green up, red down. "
                                + "InferenceServiceDown and MetricsExporterDown page after a minute down.")
                        .target(Target.expr("up{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{job}} {{instance}}"))
                        .unit("none").min(0).max(1).thresholds(Thresholds.base("red").step("green", 1))
                        .mapping(ValueMapping.values().map("0", "down", "red").map("1", "up", "green"))
                        .lastValue("background", "value_and_name"))
                .panel(Panel.timeseries("JVM heap used").description("Java heap in use per service and replica.")
                        .target(Target.expr("sum by (job, instance) (jvm_memory_used_bytes{area=\"heap\", "
                                + "job=~\"$job\", instance=~\"$instance\"})").legend("{{job}} {{instance}}"))
                        .unit("bytes").min(0).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Latency percentiles (/predict)")
                        .description("Time to answer /predict. p50 and p95 over the selected replicas; p99 "
                                + "per replica over 5 minutes, which PredictionLatencyHigh watches (dashed: "
                                + milliseconds(t.latencyP99Seconds().warningValue()) + " for "
                                + Dashboards.holdFor(config, "PredictionLatencyHigh") + ").")
                        .target(Target.expr("histogram_quantile(0.5, sum by (le) "
                                + "(rate(ml_request_duration_seconds_bucket{endpoint=\"/predict\", "
                                + "job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])))").legend("p50"))
                        .target(Target.expr("histogram_quantile(0.95, sum by (le) "
                                + "(rate(ml_request_duration_seconds_bucket{endpoint=\"/predict\", "
                                + "job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])))").legend("p95"))
                        .target(Target
                                .expr("ml_request_duration_seconds:p99{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("p99 {{instance}}"))
                        .unit("s").min(0)
                        .thresholds(Thresholds.base("green").step("orange", t.latencyP99Seconds().warningValue()))
                        .drawThresholds("dashed"))
                .panel(Panel.timeseries("Throughput")
                        .description("/predict requests per second per replica (a batch is one request).")
                        .target(Target
                                .expr("ml_throughput_requests_per_second{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("{{instance}}"))
                        .unit("reqps").min(0).thresholds(Thresholds.base("blue")))
                .panel(percentPerInstance("Error rate (server errors)", "ml_error_rate_percent",
                        Thresholds.base("green").step("orange", t.errorRatePercent().warningValue()).step("red",
                                t.errorRatePercent().criticalValue()))
                        .description("ml_error_rate_percent: share of /predict requests the service failed "
                                + "(5xx) over 5 minutes. Dashed: PredictionErrorRateHigh, warning above "
                                + n(t.errorRatePercent().warningValue()) + "%, critical above "
                                + n(t.errorRatePercent().criticalValue()) + "%."))
                .panel(percentPerInstance("Client error rate", "ml_client_error_rate_percent",
                        Thresholds.base("green").step("orange", t.clientErrorRatePercent().warningValue()))
                        .description("Share of /predict requests refused for their input (4xx) over 5 "
                                + "minutes: a client's problem, not the service's. Dashed: "
                                + "PredictionClientErrorsHigh (warning) above "
                                + n(t.clientErrorRatePercent().warningValue()) + "% for "
                                + Dashboards.holdFor(config, "PredictionClientErrorsHigh") + "."))
                .panel(Panel.timeseries("Exporter cycle")
                        .description("Duration of the exporter's last monitoring cycle, and the time since "
                                + "one last succeeded (MetricsExporterStale after "
                                + n(t.exporterCycleAgeSeconds().warningValue()) + " s).")
                        .target(Target
                                .expr("ml_exporter_cycle_duration_seconds{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("cycle duration"))
                        .target(Target.expr("time() - " + "ml_exporter_last_success_timestamp_seconds{job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("since last success"))
                        .unit("s").min(0)
                        .thresholds(Thresholds.base("green").step("orange", t.exporterCycleAgeSeconds().warningValue()))
                        .drawThresholds("dashed"))
                .panel(Panel.timeseries("Capture into the prediction store")
                        .description("Predictions written to the store per second, those served but not "
                                + "captured, and those refused with 503 capture_unavailable because their "
                                + "record could not be made durable (PredictionCaptureDropping on any).")
                        .target(Target
                                .expr("sum by (instance) (rate(ml_capture_written_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[$__rate_interval]))")
                                .legend("written {{instance}}"))
                        .target(Target
                                .expr("sum by (instance) (rate(ml_capture_dropped_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[$__rate_interval]))")
                                .legend("dropped {{instance}}"))
                        .target(Target
                                .expr("sum by (instance) (rate(ml_capture_refused_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[$__rate_interval]))")
                                .legend("refused (503) {{instance}}"))
                        .unit("ops").min(0).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Capture backlog")
                        .description("Predictions waiting: in memory for the local journal, and on disk in "
                                + "the journal for the store. A journal backlog that grows means the store "
                                + "is not taking writes; nothing is lost while it lasts.")
                        .target(Target.expr("ml_capture_queue_size{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("in memory {{instance}}"))
                        .target(Target.expr("ml_capture_journal_backlog{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("journal {{instance}}"))
                        .unit("short").min(0).thresholds(Thresholds.base("blue")).size(24, 8))
                .build();
    }

    /** A percentage of each instance over time, dashed where its alert's {@code levels} begin. */
    private static Panel percentPerInstance(String title, String metric, Thresholds levels) {
        return Panel.timeseries(title)
                .target(Target.expr(metric + "{job=~\"$job\", instance=~\"$instance\"}").legend("{{instance}}"))
                .ratio("percent").thresholds(levels).drawThresholds("dashed");
    }
}

package io.creditwatch.monitoring.dashboards;

import static io.creditwatch.monitoring.Numbers.n;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.grafana.Dashboard;
import io.creditwatch.monitoring.grafana.GrafanaAlerts;
import io.creditwatch.monitoring.grafana.Json;
import io.creditwatch.monitoring.grafana.Panel;
import io.creditwatch.monitoring.grafana.Target;
import io.creditwatch.monitoring.grafana.Thresholds;

/** The {@code grafana/dashboards/business-metrics.json} dashboard. Business view: volume, approvals, risk bands, scores, decline reasons. */
final class BusinessMetrics {

    private BusinessMetrics() {
    }

    static ObjectNode build(MonitoringConfig config) {
        MonitoringConfig.AlertThresholds t = config.thresholds();
        return Dashboard.builder("creditwatch-business-metrics", "Business Metrics")
                .description("Prediction volume, risk bands, credit scores, approval rate and errors.")
                .tags("creditwatch", "business").version(2).variables(Dashboards.variables(config))
                .panel(Panel.stat("Predictions in the time range")
                        .description("Applications scored over the dashboard's time range, all selected replicas.")
                        .target(Target.expr("sum(increase(ml_predictions_total{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__range]))").legend("predictions").instant())
                        .unit("short").decimals(0).thresholds(Thresholds.base("blue")).lastValue("value", "auto")
                        .size(6, 8))
                .panel(Panel.stat("Approval rate")
                        .description("Share of applications predicted to repay (class 0, approved at the "
                                + "service's cut-off) over the last hour. Neither high nor low is bad in "
                                + "itself; ApprovalRateShifted watches for a sudden change.")
                        .target(Target.expr(approvalRate("1h")).legend("approved")).ratio("percent").decimals(1)
                        .thresholds(Thresholds.base("blue")).lastValue("value", "auto").size(6, 8))
                .panel(Panel.timeseries("Prediction volume")
                        .description("Applications scored per second, against the same time a week earlier "
                                + "(PredictionVolumeDropped compares the hours).")
                        .target(Target.expr("sum(rate(ml_predictions_total{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__rate_interval]))").legend("predictions/s"))
                        .target(Target
                                .expr("sum(rate(ml_predictions_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[$__rate_interval] offset 1w))")
                                .legend("a week earlier"))
                        .unit("ops").min(0).thresholds(Thresholds.base("blue")).dashedLine("a week earlier")
                        .size(12, 8))
                .panel(Panel.timeseries("Approval rate, last hour against the day")
                        .description("Approval rate over the last hour and over the last 24 hours. "
                                + "ApprovalRateShifted fires when they differ by more than "
                                + n(t.approvalRateShiftPoints().warningValue()) + " points for "
                                + GrafanaAlerts.holdFor(config, "ApprovalRateShifted") + ".")
                        .target(Target.expr(approvalRate("1h")).legend("last hour"))
                        .target(Target.expr(approvalRate("1d")).legend("last 24 hours")).ratio("percent")
                        .thresholds(Thresholds.base("blue")).size(12, 8))
                .panel(Panel.timeseries("Risk-band shares, last hour")
                        .description("Share of each risk band (low, medium, high) in the last hour's "
                                + "predictions. RiskBandMixShifted fires when one moves more than "
                                + n(t.riskBandShiftPoints().warningValue()) + " points from its 24-hour share for "
                                + GrafanaAlerts.holdFor(config, "RiskBandMixShifted") + ".")
                        .target(Target.expr(
                                "100 * sum by (band) " + "(increase(ml_predictions_risk_band_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[1h])) / "
                                        + "scalar(sum(increase(ml_predictions_risk_band_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[1h])))")
                                .legend("{{band}}"))
                        .ratio("percent").thresholds(Thresholds.base("blue")).size(12, 8))
                .panel(Panel.piechart("Risk bands (time range)")
                        .description("Predictions per risk band over the dashboard's time range.")
                        .target(Target
                                .expr("sum by (band) " + "(increase(ml_predictions_risk_band_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[$__range]))")
                                .legend("{{band}}").instant())
                        .unit("short").thresholds(Thresholds.base("blue")).reduceToLastValue().option("legend",
                                Json.object("displayMode", "table", "placement", "right", "values",
                                        Json.array("value", "percent"))))
                .panel(Dashboards.bucketCounts("Credit score distribution (time range)", "ml_credit_score")
                        .description("How many predictions fell in each credit-score bucket over the "
                                + "dashboard's time range (each bar counts the bucket alone, labelled by its "
                                + "upper bound). Higher scores are safer applicants.")
                        .size(16, 8))
                .panel(Panel.timeseries("Errors by reason")
                        .description("Refused requests per second by reason (invalid_application, "
                                + "malformed_json, body_too_large, model_unavailable, ...). The reason tells "
                                + "a client's mistake from a fault of the service.")
                        .target(Target.expr("sum by (reason) (rate(ml_request_errors_total{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__rate_interval]))").legend("{{reason}}"))
                        .unit("reqps").min(0).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Applications per request")
                        .description("Average applications per /predict request: 1 for single predictions, "
                                + "more for batches.")
                        .target(Target.expr("sum(rate(ml_batch_size_sum{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__rate_interval])) / "
                                + "sum(rate(ml_batch_size_count{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__rate_interval]))").legend("average batch size"))
                        .unit("short").min(0).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Labels received")
                        .description("Ground-truth labels per second sent to /feedback: accepted, or refused "
                                + "for an unknown prediction id.")
                        .target(Target.expr("sum by (result) (rate(ml_feedback_labels_total{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__rate_interval]))").legend("{{result}}"))
                        .unit("ops").min(0).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Requests by status")
                        .description("Requests per second by endpoint and HTTP status, probes included.")
                        .target(Target
                                .expr("sum by (endpoint, status) " + "(rate(ml_requests_total{job=~\"$job\", "
                                        + "instance=~\"$instance\"}[$__rate_interval]))")
                                .legend("{{endpoint}} {{status}}"))
                        .unit("reqps").min(0).thresholds(Thresholds.base("blue")).size(24, 8))
                .panel(Panel.bargauge("Decline reasons: the first reason of each decline (drift window)")
                        .description("Share of the drift window's declines by their first (principal) "
                                + "adverse-action reason, the code each declined applicant is told first. A "
                                + "code that grows without a change in the applicants points at a feature "
                                + "the model now leans on, or at a broken feed. Absent below 20 declines.")
                        .target(Target.expr("ml_decline_reason_share{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{code}}").instant())
                        .ratio("percentunit").thresholds(Thresholds.base("blue")).plainBars("horizontal").size(16, 8))
                .panel(Panel.stat("Declines behind the reasons")
                        .description("Declines in the drift window whose reasons the shares are computed "
                                + "from. Red below 20, the minimum for the shares to be published; green " + "from 20.")
                        .target(Target.expr("ml_decline_reason_declines{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("{{instance}}"))
                        .unit("short").thresholds(Thresholds.base("red").step("green", 20)).lastValue("value", "auto"))
                .build();
    }

    /**
     * The approval rate in percent over the {@code window} (a PromQL range such as {@code 1h}): the
     * predictions of class 0 over all predictions, summed over the selected replicas.
     */
    private static String approvalRate(String window) {
        return "100 * sum(increase(ml_predictions_total{class=\"0\", job=~\"$job\", instance=~\"$instance\"}[" + window
                + "])) / sum(increase(ml_predictions_total{job=~\"$job\", instance=~\"$instance\"}[" + window + "]))";
    }
}

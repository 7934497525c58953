package io.creditwatch.monitoring.prometheus;

import io.creditwatch.monitoring.MonitoringConfig;

import java.util.ArrayList;
import java.util.List;

import static io.creditwatch.monitoring.Numbers.milliseconds;
import static io.creditwatch.monitoring.Numbers.n;
import static io.creditwatch.monitoring.Numbers.percent;
import static io.creditwatch.monitoring.Numbers.times;

/**
 * The Prometheus alerting rules ({@code prometheus/rules/alerts.yml}), every threshold taken from
 * the configuration, every summary and description that quotes one quoting the same value. Each
 * rule's promtool test is in {@code prometheus/tests/alerts_test.yml}; each has a section in
 * {@code docs/runbook.md}.
 */
public final class PrometheusAlerts {

    private PrometheusAlerts() {
    }

    public static List<RuleGroup> groups(MonitoringConfig config) {
        MonitoringConfig.AlertThresholds t = config.thresholds();
        List<RuleGroup> groups = new ArrayList<>();
        groups.add(new RuleGroup("ml-service", List.of(
                Alert.named("InferenceServiceDown", "critical").expr("up{job=\"ml-inference\"} == 0").holdFor("1m")
                        .summary("Inference service is down")
                        .description("Prometheus cannot scrape {{ $labels.instance }} of {{ $labels.job }} "
                                + "for more than a minute."),
                Alert.named("MetricsExporterDown", "critical").expr("up{job=\"metrics-exporter\"} == 0").holdFor("1m")
                        .summary("Metrics exporter is down")
                        .description("Prometheus cannot scrape {{ $labels.instance }} of {{ $labels.job }}: "
                                + "model quality, drift and data quality are not being computed."),
                Alert.named("MetricsExporterStale", "warning").setting("exporter-cycle-age-seconds")
                        .expr("time() - ml_exporter_last_success_timestamp_seconds > "
                                + n(t.exporterCycleAgeSeconds().warningValue()) + " or ml_exporter_store_up == 0")
                        .holdFor("5m").summary("Metrics exporter cannot complete its cycle")
                        .description("The exporter on {{ $labels.instance }} has not completed a monitoring "
                                + "cycle recently or cannot read the prediction store (value {{ $value }})."),
                Alert.named("MetricsExporterRowsRejected", "warning")
                        .expr("increase(ml_exporter_rows_rejected_total[15m]) > 0")
                        .summary("The exporter skips stored rows that break the store's contract")
                        .description("{{ printf \"%.0f\" $value }} {{ $labels.kind }} rows in the store were "
                                + "skipped by the exporter on {{ $labels.instance }} in the last 15 minutes "
                                + "(a probability outside [0, 1], or a class or outcome other than 0 and 1)."),
                Alert.named("MetricsExporterUnmonitoredModelVersion", "warning")
                        .expr("increase(ml_exporter_rows_unmonitored_total{kind=\"predictions\"}[15m]) > 0")
                        .summary("Predictions of a model version the exporter does not monitor")
                        .description("{{ printf \"%.0f\" $value }} predictions read by the exporter on {{ "
                                + "$labels.instance }} in the last 15 minutes were made by a model version "
                                + "whose bundle it has not read (not at its MODEL_PATH while it ran, or aged "
                                + "out); they are not in any figure (its /health lists the versions)."),
                Alert.named("PredictionErrorRateHigh", "critical").setting("error-rate-percent")
                        .comment("The service's own failures (5xx): the specification's error-rate thresholds.")
                        .expr("ml_error_rate_percent > " + n(t.errorRatePercent().criticalValue())).holdFor("2m")
                        .summary("Prediction error rate above " + n(t.errorRatePercent().criticalValue()) + "%")
                        .description("{{ printf \"%.1f\" $value }}% of /predict requests failed with a "
                                + "server error (5xx) on {{ $labels.instance }} over the last 5 minutes."),
                Alert.named("PredictionErrorRateHigh", "warning").setting("error-rate-percent")
                        .expr("ml_error_rate_percent > " + n(t.errorRatePercent().warningValue())).holdFor("2m")
                        .summary("Prediction error rate above " + n(t.errorRatePercent().warningValue()) + "%")
                        .description("{{ printf \"%.1f\" $value }}% of /predict requests failed with a "
                                + "server error (5xx) on {{ $labels.instance }} over the last 5 minutes."),
                Alert.named("PredictionClientErrorsHigh", "warning").setting("client-error-rate-percent")
                        .comment("Requests refused for their input (4xx): a client to talk to, not an outage "
                                + "to page on.")
                        .expr("ml_client_error_rate_percent > " + n(t.clientErrorRatePercent().warningValue()))
                        .holdFor("5m").summary("Many prediction requests refused for bad input")
                        .description("{{ printf \"%.1f\" $value }}% of /predict requests to {{ "
                                + "$labels.instance }} were refused for their input (4xx) over the last 5 "
                                + "minutes."),
                Alert.named("PredictionLatencyHigh", "warning").setting("latency-p99-seconds")
                        .expr("ml_request_duration_seconds:p99 > " + n(t.latencyP99Seconds().warningValue()))
                        .holdFor("5m")
                        .summary("Prediction latency p99 above " + milliseconds(t.latencyP99Seconds().warningValue()))
                        .description("The 99th percentile /predict latency is {{ printf \"%.3f\" $value }} s."),
                Alert.named("PredictionCaptureDropping", "warning").expr("""
                        (
                          increase(ml_capture_dropped_total[5m])
                          + on (job, instance) sum by (job, instance) (increase(ml_capture_refused_total[5m]))
                        ) > 0""").summary("Predictions are not captured")
                        .description("{{ printf \"%.0f\" $value }} predictions on {{ $labels.instance }} "
                                + "were dropped from capture or refused with 503 capture_unavailable in the "
                                + "last 5 minutes."),
                Alert.named("PredictionCaptureStopped", "critical").expr("ml_capture_writer_up == 0").holdFor("1m")
                        .summary("A capture thread of the inference service has stopped")
                        .description("The capture journal or store writer on {{ $labels.instance }} has "
                                + "stopped: predictions are refused (durable policy) or not recorded."),
                Alert.named("FeedbackAuthenticationFailing", "warning").setting("feedback-authentication-failures")
                        .expr("sum by (job, instance) (increase(ml_feedback_authentication_total[5m])) > "
                                + n(t.feedbackAuthenticationFailures().warningValue()))
                        .summary("Many /feedback requests with a missing or wrong API key")
                        .description("{{ printf \"%.0f\" $value }} /feedback requests on {{ $labels.instance "
                                + "}} were refused for their key or throttled in the last 5 minutes: a "
                                + "sender lost its key, or someone is guessing."))));
        groups.add(new RuleGroup("ml-model", List.of(
                Alert.named("ModelAccuracyLow", "critical").setting("accuracy")
                        .expr("ml_model_accuracy{source=\"live\"} < " + n(t.accuracy().criticalValue())).holdFor("3m")
                        .summary("Model accuracy below " + percent(t.accuracy().criticalValue()))
                        .description("Live accuracy over the latest labelled predictions is {{ printf "
                                + "\"%.3f\" $value }}."),
                Alert.named("ModelAccuracyLow", "warning").setting("accuracy")
                        .expr("ml_model_accuracy{source=\"live\"} < " + n(t.accuracy().warningValue())).holdFor("3m")
                        .summary("Model accuracy below " + percent(t.accuracy().warningValue()))
                        .description("Live accuracy over the latest labelled predictions is {{ printf "
                                + "\"%.3f\" $value }}."),
                Alert.named("ModelDiscriminationDeclined", "critical")
                        .comment("Credit-risk validation (docs/credit-validation.md). Each test publishes a "
                                + "traffic light (0 green, 1 yellow: significant at 95%, 2 red: at 99.9%) "
                                + "beside its p-value; the rules fire on the light and report the p-value. "
                                + "Absent with too few labels: nothing fires.")
                        .expr("ml_validation_auc_test_p_value and ml_validation_auc_test_traffic_light == 2")
                        .holdFor("3m").summary("Model ranks applicants significantly worse than at validation (red)")
                        .description("The live AUC is below the AUC at initial validation, significant at "
                                + "99.9% (one-sided p-value {{ printf \"%.2g\" $value }}) on {{ "
                                + "$labels.instance }}."),
                Alert.named("ModelDiscriminationDeclined", "warning")
                        .expr("ml_validation_auc_test_p_value and ml_validation_auc_test_traffic_light >= 1")
                        .holdFor("3m").summary("Model ranks applicants significantly worse than at validation (yellow)")
                        .description("The live AUC is below the AUC at initial validation, significant at "
                                + "95% (one-sided p-value {{ printf \"%.2g\" $value }}) on {{ "
                                + "$labels.instance }}."),
                Alert.named("ModelEstimatedDiscriminationDeclined", "critical")
                        .comment("Performance estimation (CBPE): the AUC expected from the drift window's "
                                + "calibrated served probabilities, with its band of 3 standard errors "
                                + "(source=\"estimated\"); absent without a calibration map or below 1,000 "
                                + "predictions, and then nothing fires. The reference range is the hold-out "
                                + "AUC over chunks, mean ± 3 sd. \"Well below\" (critical): the band's upper "
                                + "end more than half the reference range's width under its lower end, i.e. "
                                + "under mean - 4.5 sd. 15m (60 cycles): the drift window turns over slowly, "
                                + "so a band outside for that long is the window's make-up, not one cycle's "
                                + "noise.")
                        .expr("ml_model_auc_roc_upper{source=\"estimated\"} < on(job, instance) "
                                + "(ml_model_auc_roc_reference_lower - (ml_model_auc_roc_reference_upper - "
                                + "ml_model_auc_roc_reference_lower) / 2)")
                        .holdFor("15m").summary("Estimated AUC of recent applications well below the hold-out range")
                        .description("The upper end of the estimated AUC's band over the drift window is {{ "
                                + "printf \"%.3f\" $value }}, more than half the hold-out range's width "
                                + "below its lower end, on {{ $labels.instance }}."),
                Alert.named("ModelEstimatedDiscriminationDeclined", "warning")
                        .expr("ml_model_auc_roc_upper{source=\"estimated\"} < on(job, instance) "
                                + "ml_model_auc_roc_reference_lower")
                        .holdFor("15m").summary("Estimated AUC of recent applications below the hold-out range")
                        .description("The upper end of the estimated AUC's band over the drift window is {{ "
                                + "printf \"%.3f\" $value }}, below the hold-out AUC's range over chunks, on "
                                + "{{ $labels.instance }}."),
                Alert.named("ModelConceptDriftSuspected", "warning")
                        .comment("The realized AUC of the mature outcomes below the estimated band: the "
                                + "outcomes no longer follow the calibrated PDs, which estimation cannot see "
                                + "(concept drift). The two figures are over different windows (mature "
                                + "outcomes, newest predictions), so a strong change in the applicants "
                                + "between them can raise it too; 15m for the same reason as above.")
                        .expr("ml_model_auc_roc_gap < on(job, instance) ml_model_auc_roc_gap_lower").holdFor("15m")
                        .summary("Realized AUC below the estimated band")
                        .description("The live AUC over mature outcomes differs by {{ printf \"%.3f\" $value "
                                + "}} from the AUC their own served probabilities predict, beyond its "
                                + "sampling band, on {{ $labels.instance }}: the relation between the "
                                + "features and default may have changed."),
                Alert.named("ModelCalibrationBreach", "critical")
                        .expr("ml_validation_jeffreys_p_value{grade=\"portfolio\"} and "
                                + "ml_validation_jeffreys_traffic_light{grade=\"portfolio\"} == 2")
                        .holdFor("3m").label("scope", "portfolio")
                        .summary("Defaults run significantly above the predicted PDs (red)")
                        .description("Across the portfolio the observed default rate is above the mean PD, "
                                + "significant at 99.9% (Jeffreys p-value {{ printf \"%.2g\" $value }}) on "
                                + "{{ $labels.instance }}: PDs are too low."),
                Alert.named("ModelCalibrationBreach", "warning")
                        .expr("ml_validation_jeffreys_p_value{grade=\"portfolio\"} and "
                                + "ml_validation_jeffreys_traffic_light{grade=\"portfolio\"} >= 1")
                        .holdFor("3m").label("scope", "portfolio")
                        .summary("Defaults run significantly above the predicted PDs (yellow)")
                        .description("Across the portfolio the observed default rate is above the mean PD, "
                                + "significant at 95% (Jeffreys p-value {{ printf \"%.2g\" $value }}) on {{ "
                                + "$labels.instance }}: PDs are too low."),
                Alert.named("ModelCalibrationBreach", "warning")
                        .expr("ml_validation_jeffreys_p_value{grade!=\"portfolio\"} and "
                                + "ml_validation_jeffreys_traffic_light{grade!=\"portfolio\"} == 2")
                        .holdFor("3m").label("scope", "grade")
                        .summary("Defaults in one rating grade run significantly above its PDs (red)")
                        .description("In grade {{ $labels.grade }} the observed default rate is above the "
                                + "mean PD, significant at 99.9% (Jeffreys p-value {{ printf \"%.2g\" $value "
                                + "}}) on {{ $labels.instance }}."),
                Alert.named("ModelEarlyDefaultsHigh", "critical").setting("early-defaults-min-applications")
                        .comment("Vintages: for each young cohort (an application month whose performance "
                                + "window has not ended), the defaults observed to date against those its "
                                + "PDs and the seasoning curve expect by its age, light as above. A cohort " + "under "
                                + t.earlyDefaultsMinApplications() + " applications is left to the "
                                + "dashboard: a handful of defaults turns its light.")
                        .expr("""
                                ml_vintage_early_defaults_p_value
                                  and on (job, instance, cohort) ml_vintage_early_defaults_traffic_light == 2
                                  and on (job, instance, cohort) ml_vintage_applications >= %d"""
                                .formatted(t.earlyDefaultsMinApplications()))
                        .holdFor("3m")
                        .summary("A young cohort defaults significantly faster than its PDs predict (red)")
                        .description("Cohort {{ $labels.cohort }} has more defaults to date than its PDs and "
                                + "the seasoning curve expect by its age, significant at 99.9% (one-sided "
                                + "binomial p-value {{ printf \"%.2g\" $value }}) on {{ $labels.instance }}."),
                Alert.named("ModelEarlyDefaultsHigh", "warning").setting("early-defaults-min-applications")
                        .expr("""
                                ml_vintage_early_defaults_p_value
                                  and on (job, instance, cohort) ml_vintage_early_defaults_traffic_light >= 1
                                  and on (job, instance, cohort) ml_vintage_applications >= %d"""
                                .formatted(t.earlyDefaultsMinApplications()))
                        .holdFor("3m")
                        .summary("A young cohort defaults significantly faster than its PDs predict (yellow)")
                        .description("Cohort {{ $labels.cohort }} has more defaults to date than its PDs and "
                                + "the seasoning curve expect by its age, significant at 95% (one-sided "
                                + "binomial p-value {{ printf \"%.2g\" $value }}) on {{ $labels.instance }}."),
                Alert.named("ModelRankOrderingBroken", "warning")
                        .expr("ml_validation_rank_ordering_significant_inversions > 0").holdFor("3m")
                        .summary("A better rating grade defaults significantly more often than the next")
                        .description("{{ $value }} pair(s) of adjacent grades on {{ $labels.instance }} have "
                                + "observed default rates in the wrong order, significant at 95%."),
                Alert.named("ModelLabelsMissing", "warning")
                        .expr("increase(ml_exporter_rows_processed_total{kind=\"labels\"}[6h]) == 0").holdFor("1h")
                        .summary("No ground truth has arrived for hours")
                        .description("No label reached the exporter on {{ $labels.instance }} in 6 hours: "
                                + "live model quality cannot be computed."),
                Alert.named("DataDriftDetected", "warning").setting("feature-psi")
                        .comment("One alert per drifting feature; Alertmanager groups them into one notification.")
                        .expr("ml_feature_psi > " + n(t.featurePsi().warningValue())).holdFor("3m")
                        .summary("Input data drift detected")
                        .description("{{ $labels.feature }} has drifted from the training data: PSI {{ "
                                + "printf \"%.3f\" $value }} (above " + n(t.featurePsi().warningValue())
                                + ") on {{ $labels.instance }}."),
                Alert.named("PredictionScoreDrift", "warning").setting("score-psi")
                        .expr("ml_prediction_score_psi > " + n(t.scorePsi().warningValue())).holdFor("3m")
                        .summary("The model's score distribution has shifted")
                        .description("PSI of the predicted probabilities against the hold-out scores is {{ "
                                + "printf \"%.3f\" $value }}."),
                Alert.named("ModelAttributionDrift", "warning").setting("attribution-ndcg")
                        .expr("ml_model_attribution_ndcg < " + n(t.attributionNdcg().warningValue())).holdFor("15m")
                        .summary("The model's reasons have shifted")
                        .description("The ranking of the features by mean absolute contribution over the "
                                + "drift window has moved from the hold-out's: nDCG {{ printf \"%.3f\" "
                                + "$value }} (below " + n(t.attributionNdcg().warningValue())
                                + ") on {{ $labels.instance }}; the model now relies on other features than at validation."),
                Alert.named("ModelChallengerOutperforms", "warning")
                        .comment("Good news that needs a decision: the challenger, scored in the shadow on the same "
                                + "applicants, ranks the mature outcomes significantly better (one-sided paired "
                                + "DeLong) for an hour.")
                        .setting("challenger-p-value")
                        .expr("ml_challenger_delong_p_value < " + n(t.challengerPValue().warningValue())).holdFor("1h")
                        .summary("The challenger ranks better than the champion")
                        .description("Challenger {{ $labels.challenger_version }} ranks the mature outcomes of the "
                                + "applicants both models scored better than champion {{ $labels.model_version }} on "
                                + "{{ $labels.instance }}: one-sided paired DeLong p-value {{ printf \"%.4f\" $value }} "
                                + "(below " + n(t.challengerPValue().warningValue()) + ") for an hour. Its decisions "
                                + "are not used until you promote it."),
                Alert.named("MissingValuesHigh", "warning").setting("missing-values-points-above-reference")
                        .expr("ml_feature_missing_values_percent > ml_feature_missing_values_reference_percent + "
                                + n(t.missingValuesPointsAboveReference().warningValue()))
                        .holdFor("10m").summary("More missing values than in the training data")
                        .description("{{ $labels.feature }} is missing in {{ printf \"%.1f\" $value }}% of "
                                + "recent applications, over " + n(t.missingValuesPointsAboveReference().warningValue())
                                + " points above its training level."),
                Alert.named("OutliersHigh", "warning")
                        .setting("outliers-times-reference", "outliers-points-above-reference")
                        .expr("ml_feature_outliers_percent > " + n(t.outliersTimesReference().warningValue())
                                + " * ml_feature_outliers_reference_percent + "
                                + n(t.outliersPointsAboveReference().warningValue()))
                        .holdFor("10m").summary("More outliers than in the training data")
                        .description("{{ printf \"%.1f\" $value }}% of recent {{ $labels.feature }} values "
                                + "lie outside the training fences, over "
                                + times(t.outliersTimesReference().warningValue()) + " the training level."))));
        groups.add(new RuleGroup("host",
                List.of(Alert.named("HostCpuHigh", "warning").setting("cpu-percent")
                        .expr("system_cpu_usage_percent > " + n(t.cpuPercent().warningValue())).holdFor("5m")
                        .summary("CPU usage above " + n(t.cpuPercent().warningValue()) + "%")
                        .description("CPU usage is {{ printf \"%.1f\" $value }}%."),
                        Alert.named("HostMemoryHigh", "warning").setting("memory-percent")
                                .expr("system_memory_usage_percent > " + n(t.memoryPercent().warningValue()))
                                .holdFor("5m")
                                .summary("Memory usage above " + n(t.memoryPercent().warningValue()) + "%")
                                .description("Memory usage is {{ printf \"%.1f\" $value }}%."),
                        Alert.named("HostDiskFull", "critical").setting("disk-percent")
                                .expr("system_disk_usage_percent > " + n(t.diskPercent().criticalValue())).holdFor("5m")
                                .summary("Disk usage above " + n(t.diskPercent().criticalValue()) + "%")
                                .description("Disk usage is {{ printf \"%.1f\" $value }}%."))));

        return groups;
    }
}

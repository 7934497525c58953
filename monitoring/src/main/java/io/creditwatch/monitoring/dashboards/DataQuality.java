package io.creditwatch.monitoring.dashboards;

import static io.creditwatch.monitoring.Numbers.n;
import static io.creditwatch.monitoring.Numbers.points;
import static io.creditwatch.monitoring.Numbers.times;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.grafana.Dashboard;
import io.creditwatch.monitoring.grafana.Panel;
import io.creditwatch.monitoring.grafana.Target;
import io.creditwatch.monitoring.grafana.Thresholds;
import io.creditwatch.monitoring.grafana.ValueMapping;

/** The {@code grafana/dashboards/data-quality.json} dashboard. Drift against the training data and the quality of incoming data. */
final class DataQuality {

    /**
     * The PSI above which the exporter sets {@code ml_data_drift_detected}: its own fixed level
     * (metrics-exporter), not an alert threshold, so not a setting here.
     */
    private static final double EXPORTER_DRIFT_LEVEL = 0.25;

    private DataQuality() {
    }

    static ObjectNode build(MonitoringConfig config) {
        MonitoringConfig.AlertThresholds t = config.thresholds();
        String psi = n(t.featurePsi().warningValue());
        return Dashboard.builder("creditwatch-data-quality", "Data Quality")
                .description("Drift against the training data, missing values and outliers.")
                .tags("creditwatch", "data").version(2).variables(Dashboards.variables(config))
                .panel(psiOverTime("Drift score (largest feature PSI)", t.featurePsi().warningValue())
                        .description("The largest population stability index over the features, newest "
                                + "predictions against the training data. Below 0.1 stable, 0.1-" + psi
                                + " moderate, above " + psi + " (dashed) a shift: DataDriftDetected names the feature.")
                        .target(Target.expr("ml_data_drift_score{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("drift score"))
                        .size(10, 8))
                .panel(Panel.stat("Drift detected")
                        .description("Whether any feature's PSI is above " + n(EXPORTER_DRIFT_LEVEL)
                                + " now: green no, red yes.")
                        .target(Target.expr("ml_data_drift_detected{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{instance}}"))
                        .unit("none").min(0).max(1).thresholds(Thresholds.base("green").step("red", 1))
                        .mapping(ValueMapping.values().map("0", "no drift", "green").map("1", "drift", "red"))
                        .lastValue("background", "auto").size(4, 8))
                .panel(psiOverTime("Score PSI", t.scorePsi().warningValue())
                        .description("PSI of the predicted probabilities against the hold-out's. Dashed: "
                                + "PredictionScoreDrift above " + n(t.scorePsi().warningValue()) + ".")
                        .target(Target.expr("ml_prediction_score_psi{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("score"))
                        .size(10, 8))
                .panel(psiOverTime("PSI per feature", t.featurePsi().warningValue())
                        .description("PSI of each feature against the training data. Dashed: "
                                + "DataDriftDetected fires for each feature above " + psi + ".")
                        .target(Target.expr("ml_feature_psi{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{feature}}"))
                        .size(24, 8))
                .panel(Panel.timeseries("Missing values (window)")
                        .description("Missing cells over all cells of the drift window "
                                + "(ml_data_quality_missing_values_percent).")
                        .target(Target.expr(
                                "ml_data_quality_missing_values_percent{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("all features"))
                        .ratio("percent").thresholds(Thresholds.base("blue")))
                .panel(againstTraining("Missing values per feature", "ml_feature_missing_values")
                        .description("Share of recent applications with each feature missing, against its "
                                + "share in the training data. MissingValuesHigh fires at "
                                + n(t.missingValuesPointsAboveReference().warningValue()) + " points above training.")
                        .size(16, 8))
                .panel(Panel.timeseries("Outliers (window)")
                        .description("Present values outside the training data's fences (Tukey, 3 IQR) over "
                                + "all present values of the drift window.")
                        .target(Target
                                .expr("ml_data_quality_outliers_percent{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("all features"))
                        .ratio("percent").thresholds(Thresholds.base("blue")))
                .panel(againstTraining("Outliers per feature", "ml_feature_outliers")
                        .description("Share of recent values outside each feature's training fences, against "
                                + "the training data's. OutliersHigh fires at over "
                                + times(t.outliersTimesReference().warningValue()) + " training plus "
                                + points(t.outliersPointsAboveReference().warningValue()) + ".")
                        .size(16, 8))
                .panel(perFeatureRate("Missing values received per second", "ml_input_missing_values_total")
                        .description("Accepted applications per second with each feature missing (null or "
                                + "absent), counted by the inference service as they arrive.")
                        .size(12, 8))
                .panel(perFeatureRate("Rejected fields per second", "ml_input_rejected_fields_total")
                        .description("Field-level input errors per second by feature (unknown: a field name "
                                + "the schema does not have). These applications were refused with a 400.")
                        .size(12, 8))
                .build();
    }

    /** A PSI over time: from 0, three decimals, orange from {@code shiftLevel} (dashed), green below. */
    private static Panel psiOverTime(String title, double shiftLevel) {
        return Panel.timeseries(title).unit("none").min(0).decimals(3)
                .thresholds(Thresholds.base("green").step("orange", shiftLevel)).drawThresholds("dashed");
    }

    /**
     * Each feature's percentage of the drift window ({@code <prefix>_percent}) against its percentage
     * in the training data ({@code <prefix>_reference_percent}).
     */
    private static Panel againstTraining(String title, String prefix) {
        return Panel.timeseries(title)
                .target(Target.expr(prefix + "_percent{job=~\"$job\", instance=~\"$instance\"}").legend("{{feature}}"))
                .target(Target.expr(prefix + "_reference_percent{job=~\"$job\", instance=~\"$instance\"}")
                        .legend("{{feature}} (training)"))
                .ratio("percent").thresholds(Thresholds.base("blue"));
    }

    /** A counter's rate per second by feature, summed over the selected replicas. */
    private static Panel perFeatureRate(String title, String counter) {
        return Panel.timeseries(title)
                .target(Target.expr("sum by (feature) (rate(" + counter
                        + "{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval]))").legend("{{feature}}"))
                .unit("ops").min(0).thresholds(Thresholds.base("blue"));
    }
}

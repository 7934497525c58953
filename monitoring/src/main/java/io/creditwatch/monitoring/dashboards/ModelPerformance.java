package io.creditwatch.monitoring.dashboards;

import static io.creditwatch.monitoring.Numbers.n;
import static io.creditwatch.monitoring.Numbers.percent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditwatch.monitoring.MonitoringConfig;
import io.creditwatch.monitoring.grafana.Dashboard;
import io.creditwatch.monitoring.grafana.Json;
import io.creditwatch.monitoring.grafana.Panel;
import io.creditwatch.monitoring.grafana.Target;
import io.creditwatch.monitoring.grafana.Thresholds;
import io.creditwatch.monitoring.grafana.ValueMapping;
import java.util.ArrayList;
import java.util.List;

/** The {@code grafana/dashboards/model-performance.json} dashboard. Model quality, credit-risk validation, vintages, estimated performance and attribution. */
final class ModelPerformance {

    private ModelPerformance() {
    }

    static ObjectNode build(MonitoringConfig config) {
        MonitoringConfig.AlertThresholds t = config.thresholds();
        Thresholds accuracy = Thresholds.base("red").step("orange", t.accuracy().criticalValue()).step("green",
                t.accuracy().warningValue());
        return Dashboard.builder("creditwatch-model-performance", "Model Performance")
                .description("Live and hold-out quality of the served model, its credit-risk validation "
                        + "tests (discrimination, calibration, rank ordering, concentration), its "
                        + "predictions and version, and its vintages (cohorts by application month).")
                .tags("creditwatch", "model").version(3).variables(Dashboards.variables(config))
                .panel(liveAgainstHoldout("Accuracy", "ml_model_accuracy")
                        .description("Share of the newest labelled predictions that were right (live), "
                                + "against the model card's hold-out. Dashed lines: ModelAccuracyLow at "
                                + percent(t.accuracy().warningValue()) + " (warning) and "
                                + percent(t.accuracy().criticalValue())
                                + " (critical). With a 7% default rate accuracy says little about credit risk; read the validation panels below.")
                        .ratio("percentunit").thresholds(accuracy).drawThresholds("dashed"))
                .panel(liveAgainstHoldout("Precision", "ml_model_precision")
                        .description("Of the applications predicted to default, the share that did (live), "
                                + "against the hold-out.")
                        .ratio("percentunit").thresholds(Thresholds.base("blue")))
                .panel(liveAgainstHoldout("Recall", "ml_model_recall")
                        .description("Of the applicants who defaulted, the share the model flagged (live), "
                                + "against the hold-out.")
                        .ratio("percentunit").thresholds(Thresholds.base("blue")))
                .panel(liveAgainstHoldout("F1 score", "ml_model_f1_score")
                        .description("Harmonic mean of precision and recall (live), against the hold-out.")
                        .ratio("percentunit").thresholds(Thresholds.base("blue")))
                .panel(liveAgainstHoldout("AUC-ROC", "ml_model_auc_roc")
                        .description("Probability that a random defaulter scores riskier than a random "
                                + "payer: 0.5 is guessing, 1 is perfect. Live against the hold-out; its "
                                + "significance is in the validation panels.")
                        .unit("none").min(0.5).max(1).decimals(3).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Gini and KS")
                        .description("Gini (2 AUC - 1) and the Kolmogorov-Smirnov distance between "
                                + "defaulters' and payers' scores, the discrimination measures credit teams "
                                + "quote. Live against the hold-out.")
                        .target(Target
                                .expr("ml_model_gini{source=\"live\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("Gini live"))
                        .target(Target.expr("ml_model_ks{source=\"live\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("KS live"))
                        .target(Target
                                .expr("ml_model_gini{source=\"holdout\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("Gini hold-out"))
                        .target(Target
                                .expr("ml_model_ks{source=\"holdout\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("KS hold-out"))
                        .unit("none").min(0).max(1).decimals(3).thresholds(Thresholds.base("blue")))
                .panel(Panel.timeseries("Predictions per second by class")
                        .description("Predictions per second by predicted class: 0 repaid (approved at the "
                                + "threshold), 1 default.")
                        .target(Target.expr("sum by (class) (rate(ml_predictions_total{job=~\"$job\", "
                                + "instance=~\"$instance\"}[$__rate_interval]))").legend("class {{class}}"))
                        .unit("ops").min(0).thresholds(Thresholds.base("blue")))
                .panel(Dashboards
                        .bucketCounts("Predicted probability of default (time range)", "ml_prediction_probability")
                        .description("How many predictions fell in each probability bucket over the "
                                + "dashboard's time range (each bar counts the bucket alone, labelled by its "
                                + "upper bound). Most applicants should sit in the low buckets.")
                        .size(10, 8))
                .panel(Panel.table("Model version served")
                        .description("The model version each inference-service replica serves now (an "
                                + "instant query of ml_model_info).")
                        .target(Target.expr("ml_model_info{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{model_version}}").instant().format("table"))
                        .unit("none").thresholds(Thresholds.base("blue"))
                        .transformation("organize",
                                Json.object("excludeByName",
                                        Json.object("Time", true, "Value", true, "__name__", true, "service", true),
                                        "indexByName", Json.object("model_version", 0, "instance", 1, "job", 2),
                                        "renameByName", Json.object("model_version", "model version")))
                        .size(6, 8))
                .panel(Panel.timeseries("Validation: AUC with its 95% band against the hold-out AUC")
                        .description("Live AUC over the labelled window with its DeLong 95% confidence "
                                + "interval (shaded), against the hold-out AUC the model was approved with. "
                                + "A band entirely below the hold-out line is a significant decline "
                                + "(ModelDiscriminationDeclined). Absent below 500 labels or 20 defaults.")
                        .target(Target
                                .expr("ml_model_auc_roc{source=\"live\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("live AUC"))
                        .target(Target.expr("ml_validation_auc_ci_lower{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("95% lower"))
                        .target(Target.expr("ml_validation_auc_ci_upper{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("95% upper"))
                        .target(Target.expr(
                                "ml_model_auc_roc{source=\"holdout\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("AUC at initial validation (hold-out)"))
                        .unit("none").min(0.5).max(1).decimals(3).thresholds(Thresholds.base("blue"))
                        .band("95% lower", "95% upper").dashedLine("AUC at initial validation (hold-out)").size(12, 8))
                .panel(Panel.stat("Labelled predictions behind live quality")
                        .description("Labelled predictions the live figures are computed from. Red below "
                                + "500, the minimum the validation tests need; the live accuracy is shown "
                                + "from the first label but means little until then.")
                        .target(Target.expr("ml_model_labelled_predictions{source=\"live\", job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("{{instance}}"))
                        .unit("short").thresholds(Thresholds.base("red").step("green", 500)).lastValue("value", "auto")
                        .size(6, 8))
                .panel(Panel.stat("Validation: traffic lights")
                        .description("Each test's light: green = not significant at 95%, yellow = "
                                + "significant at 95%, red = significant at 99.9%. The AUC test and the "
                                + "portfolio Jeffreys test page (yellow warning, red critical); binomial and "
                                + "Hosmer-Lemeshow are for reading.")
                        .target(Target.expr(
                                "ml_validation_auc_test_traffic_light{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("AUC vs initial validation"))
                        .target(Target.expr("ml_validation_jeffreys_traffic_light{grade=\"portfolio\", "
                                + "job=~\"$job\", instance=~\"$instance\"}").legend("Jeffreys, portfolio"))
                        .target(Target.expr("ml_validation_binomial_traffic_light{grade=\"portfolio\", "
                                + "job=~\"$job\", instance=~\"$instance\"}").legend("binomial, portfolio"))
                        .target(Target.expr("ml_validation_hosmer_lemeshow_traffic_light{job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("Hosmer-Lemeshow over grades"))
                        .trafficLight().size(6, 8))
                .panel(Panel.barchart("Validation: observed vs predicted default rate per grade")
                        .description("For each rating grade with at least 50 labels: the observed default "
                                + "rate against the mean predicted PD. Bars should rise from grade to grade "
                                + "(rank ordering) and the two bars of a grade should match (calibration).")
                        .column("observed",
                                "ml_validation_observed_default_rate{grade!=\"portfolio\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                        .column("predicted (mean PD)",
                                "ml_validation_mean_pd{grade!=\"portfolio\", job=~\"$job\", "
                                        + "instance=~\"$instance\"}")
                        .unit("percentunit").min(0).thresholds(Thresholds.base("blue")).barsBy("grade").size(12, 8))
                .panel(Panel.stat("Validation: Jeffreys light per grade")
                        .description("The Jeffreys test of each grade (are its PDs too low?). A red grade "
                                + "raises ModelCalibrationBreach (warning) with the grade named.")
                        .target(Target.expr("ml_validation_jeffreys_traffic_light{grade!=\"portfolio\", "
                                + "job=~\"$job\", instance=~\"$instance\"}").legend("grade {{grade}}"))
                        .trafficLight().size(6, 8))
                .panel(Panel.stat("Validation: significant rank inversions")
                        .description("Adjacent grades whose observed default rates run the wrong way, "
                                + "significantly (one-sided Fisher exact test at 95%). Any is a "
                                + "ModelRankOrderingBroken warning.")
                        .target(Target.expr("ml_validation_rank_ordering_significant_inversions{job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("significant inversions"))
                        .target(Target.expr(
                                "ml_validation_rank_ordering_pairs_tested{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("adjacent pairs tested"))
                        .unit("none").decimals(0).thresholds(Thresholds.base("green").step("red", 1))
                        .override("byName", "adjacent pairs tested", Panel.fixedColour("text"))
                        .lastValue("value", "auto").size(6, 8))
                .panel(Panel.barchart("Validation: grade distribution against the reference")
                        .description("Share of the drift window's predictions in each rating grade against "
                                + "the hold-out's. A migration towards the worse grades with stable features "
                                + "points at the model; with drifting features, at the applicants.")
                        .column("live", "ml_grade_share{source=\"live\", job=~\"$job\", " + "instance=~\"$instance\"}")
                        .column("reference (hold-out)", "ml_grade_share{source=\"reference\", job=~\"$job\", "
                                + "instance=~\"$instance\"}")
                        .unit("percentunit").min(0).thresholds(Thresholds.base("blue")).barsBy("grade").size(12, 8))
                .panel(Panel.timeseries("Validation: concentration and observed/expected")
                        .description("Herfindahl index of the grade distribution (1/8 when even over eight "
                                + "grades, 1 when all in one grade) against the reference's, and the "
                                + "portfolio's observed over expected defaults (1 when PDs are right).")
                        .target(Target.expr("ml_validation_herfindahl_index{source=\"live\", job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("Herfindahl, live"))
                        .target(Target.expr("ml_validation_herfindahl_index{source=\"reference\", "
                                + "job=~\"$job\", instance=~\"$instance\"}").legend("Herfindahl, reference"))
                        .target(Target
                                .expr("ml_validation_observed_expected_ratio{grade=\"portfolio\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                                .legend("observed / expected defaults, portfolio"))
                        .unit("none").min(0).decimals(3).thresholds(Thresholds.base("blue")).size(12, 8))
                .row("Vintages").panel(vintageTable())
                .panel(Panel.table("Vintages: early-default lights per young cohort")
                        .description("For each young cohort (its performance window not ended): defaults "
                                + "observed to date against those expected to date (each application's PD "
                                + "times the seasoning curve's share at its own age), the one-sided binomial "
                                + "p-value and its light: green not significant, yellow significant at 95%, "
                                + "red at 99.9%. A cohort of at least 500 applications raises "
                                + "ModelEarlyDefaultsHigh (yellow warning, red critical); a smaller one is "
                                + "shown but does not alert. The latest cycle's values.")
                        .column("light",
                                "ml_vintage_early_defaults_traffic_light{job=~\"$job\", " + "instance=~\"$instance\"}",
                                Panel.mappingProperty(ValueMapping.trafficLight()),
                                Panel.property("custom.cellOptions", Json.object("type", "color-background")))
                        .column("p-value",
                                "ml_vintage_early_defaults_p_value{job=~\"$job\", " + "instance=~\"$instance\"}")
                        .column("applications",
                                "ml_vintage_applications{job=~\"$job\", instance=~\"$instance\"} "
                                        + "and on (job, instance, cohort) "
                                        + "ml_vintage_early_defaults_traffic_light{job=~\"$job\", "
                                        + "instance=~\"$instance\"}",
                                Panel.property("unit", "short"))
                        .column("months on book",
                                "ml_vintage_months_on_book{job=~\"$job\", "
                                        + "instance=~\"$instance\"} and on (job, instance, cohort) "
                                        + "ml_vintage_early_defaults_traffic_light{job=~\"$job\", "
                                        + "instance=~\"$instance\"}")
                        .column("defaults to date",
                                "ml_vintage_defaults{job=~\"$job\", instance=~\"$instance\"} and "
                                        + "on (job, instance, cohort) "
                                        + "ml_vintage_early_defaults_traffic_light{job=~\"$job\", "
                                        + "instance=~\"$instance\"}",
                                Panel.property("unit", "short"))
                        .column("expected to date",
                                "ml_vintage_expected_defaults{job=~\"$job\", "
                                        + "instance=~\"$instance\"} and on (job, instance, cohort) "
                                        + "ml_vintage_early_defaults_traffic_light{job=~\"$job\", "
                                        + "instance=~\"$instance\"}",
                                Panel.property("unit", "short"), Panel.property("decimals", 1))
                        .unit("none").thresholds(Thresholds.trafficLight()).colourMode("thresholds").plainCells()
                        .hideCommonFields().transformation("merge", Json.object())
                        .orderColumns("cohort", "Value #A", "Value #B", "Value #C", "Value #D", "Value #E", "Value #F")
                        .sortDescendingBy("cohort").size(9, 9))
                .panel(Panel.barchart("Vintages: label completeness per cohort")
                        .description("For each cohort, oldest on the left: the share of its applications "
                                + "with a mature outcome (a default, or performing to the window's end: what "
                                + "realized quality and the validation tests use), a censored one "
                                + "(performing so far) and none yet. Young cohorts are mostly censored or "
                                + "without outcome; an old cohort with a large grey part is missing labels, "
                                + "and its figures rest on fewer applications than it holds.")
                        .column("mature",
                                "ml_vintage_outcomes_share{outcome=\"mature\", job=~\"$job\", "
                                        + "instance=~\"$instance\"}",
                                Panel.fixedColour("green"))
                        .column("censored (performing so far)",
                                "ml_vintage_outcomes_share{outcome=\"censored\", job=~\"$job\", "
                                        + "instance=~\"$instance\"}",
                                Panel.fixedColour("blue"))
                        .column("no outcome",
                                "ml_vintage_outcomes_share{outcome=\"none\", job=~\"$job\", "
                                        + "instance=~\"$instance\"}",
                                Panel.fixedColour("#8e8e8e"))
                        .ratio("percentunit").thresholds(Thresholds.base("blue")).option("xField", "cohort")
                        .option("orientation", "vertical").option("stacking", "normal").option("showValue", "never")
                        .legendBelow().hideCommonFields("outcome").transformation("merge", Json.object())
                        .sortBy("cohort").size(9, 9))
                .panel(Panel.barchart("Vintages: seasoning curve in use")
                        .description("The seasoning curve the expected rates and the early-default test use: "
                                + "the share of a cohort's window defaults that have happened by 3, 6, 12, "
                                + "18 and 24 months on book, under its source: card (the model card's, by "
                                + "default the standard curve, an assumption) until the store's complete "
                                + "cohorts hold enough dated defaults, then store (estimated from them).")
                        .column("by month 3",
                                "ml_vintage_seasoning_share{months_on_book=\"3\", job=~\"$job\", "
                                        + "instance=~\"$instance\"}")
                        .column("by month 6",
                                "ml_vintage_seasoning_share{months_on_book=\"6\", job=~\"$job\", "
                                        + "instance=~\"$instance\"}")
                        .column("by month 12",
                                "ml_vintage_seasoning_share{months_on_book=\"12\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                        .column("by month 18",
                                "ml_vintage_seasoning_share{months_on_book=\"18\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                        .column("by month 24",
                                "ml_vintage_seasoning_share{months_on_book=\"24\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                        .ratio("percentunit").thresholds(Thresholds.base("blue")).option("xField", "source")
                        .option("orientation", "vertical").option("showValue", "auto").legendBelow()
                        .hideCommonFields("months_on_book").transformation("merge", Json.object()).size(6, 9))
                .row("Estimated performance (before outcomes mature)")
                .panel(estimateWithBand("Estimated and realized AUC", "ml_model_auc_roc", "estimated AUC", "estimated")
                        .description("AUC estimated from the calibrated PDs of the newest served predictions "
                                + "(drift window; confidence-based performance estimation), with its band of "
                                + "3 standard errors shaded, beside the realized AUC of the mature outcomes "
                                + "and the hold-out AUC with its range over chunks (dashed). The estimate "
                                + "sees a change in the applicants, not a change in how they default: "
                                + "compare it with the realized line once outcomes mature. The estimated "
                                + "band's upper end below the hold-out range is "
                                + "ModelEstimatedDiscriminationDeclined. Absent below 1,000 predictions or "
                                + "without a calibration map in the model card.")
                        .target(Target
                                .expr("ml_model_auc_roc{source=\"live\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("realized AUC (mature outcomes)"))
                        .target(Target.expr(
                                "ml_model_auc_roc{source=\"holdout\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("hold-out AUC"))
                        .target(Target
                                .expr("ml_model_auc_roc_reference_lower{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("hold-out range lower"))
                        .target(Target
                                .expr("ml_model_auc_roc_reference_upper{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("hold-out range upper"))
                        .unit("none").min(0.5).max(1).decimals(3).thresholds(Thresholds.base("blue"))
                        .dashedLine("hold-out AUC").dashedLine("hold-out range lower")
                        .dashedLine("hold-out range upper").size(12, 8))
                .panel(estimateWithBand("Estimated and realized accuracy", "ml_model_accuracy", "estimated accuracy",
                        "estimated")
                        .description("Accuracy at the served threshold expected from the calibrated PDs of "
                                + "the drift window, with its band of 3 standard errors shaded, beside the "
                                + "realized accuracy of the mature outcomes and the hold-out accuracy "
                                + "(dashed line), and ModelAccuracyLow's thresholds (dashed at "
                                + percent(t.accuracy().warningValue()) + " warning and "
                                + percent(t.accuracy().criticalValue())
                                + " critical). Absent below 1,000 predictions or without a calibration map.")
                        .target(Target
                                .expr("ml_model_accuracy{source=\"live\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("realized accuracy (mature outcomes)"))
                        .target(Target.expr(
                                "ml_model_accuracy{source=\"holdout\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("hold-out accuracy"))
                        .ratio("percentunit").thresholds(accuracy).drawThresholds("dashed")
                        .dashedLine("hold-out accuracy").size(12, 8))
                .panel(Panel.stat("AUC now: realized or estimated")
                        .description("The current AUC and which figure it is: live (realized on mature "
                                + "outcomes) where there are enough of them, otherwise estimated from the "
                                + "calibrated PDs of the newest predictions. Red below 0.6, orange below "
                                + "0.7, green from 0.7 (Hosmer and Lemeshow's reading: 0.7 to 0.8 acceptable "
                                + "discrimination); the alerts compare it with the model's own hold-out " + "instead.")
                        .target(Target.expr("ml_model_auc_roc{source=\"live\", job=~\"$job\", "
                                + "instance=~\"$instance\"} or on (job, instance) "
                                + "ml_model_auc_roc{source=\"estimated\", job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("{{source}}"))
                        .unit("none").decimals(3)
                        .thresholds(Thresholds.base("red").step("orange", 0.6).step("green", 0.7))
                        .lastValue("value", "value_and_name").size(6, 8))
                .panel(Panel.stat("Accuracy now: realized or estimated")
                        .description("The current accuracy and which figure it is: live (realized on mature "
                                + "outcomes) where there are any, otherwise estimated from the calibrated "
                                + "PDs of the newest predictions. Red below " + percent(t.accuracy().criticalValue())
                                + ", orange below " + percent(t.accuracy().warningValue()) + ", green from "
                                + percent(t.accuracy().warningValue()) + ": the thresholds of ModelAccuracyLow.")
                        .target(Target.expr("ml_model_accuracy{source=\"live\", job=~\"$job\", "
                                + "instance=~\"$instance\"} or on (job, instance) "
                                + "ml_model_accuracy{source=\"estimated\", job=~\"$job\", "
                                + "instance=~\"$instance\"}").legend("{{source}}"))
                        .ratio("percentunit").decimals(1).thresholds(accuracy).lastValue("value", "value_and_name")
                        .size(6, 8))
                .panel(Panel.timeseries("Realized minus estimated AUC on the same mature outcomes")
                        .description("The realized AUC of the mature outcomes minus the AUC their own served "
                                + "probabilities predict, against the lower end of that estimate's band (-3 "
                                + "standard errors). Below the band, the outcomes no longer follow the PDs: "
                                + "concept drift, which estimation cannot see by itself "
                                + "(ModelConceptDriftSuspected).")
                        .target(Target.expr("ml_model_auc_roc_gap{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("realized - estimated"))
                        .target(Target.expr("ml_model_auc_roc_gap_lower{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("band lower end"))
                        .unit("none").min(-0.3).max(0.1).decimals(3).thresholds(Thresholds.base("blue"))
                        .dashedLine("band lower end").size(6, 8))
                .panel(estimateWithBand("Expected default rate of recent applications",
                        "ml_model_expected_default_rate", "expected", "expected")
                        .description("The drift window's expected default rate (mean calibrated PD) with its "
                                + "band of 3 standard errors shaded, beside the observed default rate of the "
                                + "mature outcomes (a different, older window): a rising expected rate says "
                                + "riskier applicants, before any of them can default.")
                        .target(Target
                                .expr("ml_validation_observed_default_rate{grade=\"portfolio\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                                .legend("observed (mature outcomes)"))
                        .ratio("percentunit").thresholds(Thresholds.base("blue")).size(6, 8))
                .row("Reasons and attribution")
                .panel(Panel.timeseries("Attribution drift: the feature ranking against the hold-out (nDCG)")
                        .description("How closely the drift window's ranking of features by mean "
                                + "|contribution| (exact TreeSHAP, in log-odds) follows the hold-out's: "
                                + "normalized discounted cumulative gain, 1 when the order is the same. "
                                + "Below the dashed " + n(t.attributionNdcg().warningValue()) + " for "
                                + Dashboards.holdFor(config, "ModelAttributionDrift")
                                + " the model relies on other features than it was validated on: ModelAttributionDrift.")
                        .target(Target.expr("ml_model_attribution_ndcg{job=~\"$job\", " + "instance=~\"$instance\"}")
                                .legend("nDCG {{instance}}"))
                        .unit("none").min(0).max(1).decimals(3)
                        .thresholds(Thresholds.base("red").step("green", t.attributionNdcg().warningValue()))
                        .drawThresholds("dashed"))
                .panel(Panel.barchart("Mean |contribution| per feature, live against the hold-out")
                        .description("Each feature's mean absolute contribution to the log-odds, over the "
                                + "drift window (live) and over the hold-out the model was validated on. A "
                                + "bar that shrinks or grows against its hold-out pair is the feature the "
                                + "model's reliance moved to or from.")
                        .column("live",
                                "ml_feature_contribution_mean_absolute{source=\"live\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                        .column("hold-out",
                                "ml_feature_contribution_mean_absolute{source=\"holdout\", "
                                        + "job=~\"$job\", instance=~\"$instance\"}")
                        .unit("none").min(0).thresholds(Thresholds.base("blue")).barsBy("feature").size(16, 8))
                .row("Champion and challenger")
                .panel(Panel.timeseries("Champion and challenger: AUC on the same mature outcomes")
                        .description("The AUC of the champion (the model answering) and of the challenger scored "
                                + "in its shadow (INFERENCE_CHALLENGER_PATH), over the mature outcomes of the "
                                + "applicants both scored. Empty without a challenger.")
                        .target(Target.expr("ml_challenger_auc_roc{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{role}} {{model_version}} / {{challenger_version}}"))
                        .unit("none").decimals(3).thresholds(Thresholds.base("blue")).size(8, 8))
                .panel(Panel.timeseries("Paired DeLong: p-value that the challenger ranks better")
                        .description("One-sided paired DeLong test of the two AUCs on the same applicants. Below "
                                + "the dashed " + n(t.challengerPValue().warningValue()) + " for "
                                + Dashboards.holdFor(config, "ModelChallengerOutperforms") + " the challenger ranks "
                                + "significantly better: ModelChallengerOutperforms (see the runbook before promoting).")
                        .target(Target.expr("ml_challenger_delong_p_value{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("p {{challenger_version}}"))
                        .unit("none").min(0).max(1).decimals(4)
                        .thresholds(Thresholds.base("blue").step("text", t.challengerPValue().warningValue()))
                        .drawThresholds("dashed").size(8, 8))
                .panel(Panel.stat("Challenger light")
                        .description("The paired test's light: green = no evidence the challenger ranks better, "
                                + "yellow = better at 95%, red = better at 99.9% (good news that needs a decision).")
                        .target(Target.expr("ml_challenger_traffic_light{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{challenger_version}}"))
                        .trafficLight().size(8, 8))
                .panel(Panel.timeseries("Swap set: applicants the two models decide differently")
                        .description("Share of the drift window's applicants the challenger would decide "
                                + "otherwise at the cut-off: swap_in are declined by the champion and approved "
                                + "by the challenger, swap_out the reverse. What promoting it would change.")
                        .target(Target.expr("ml_challenger_swap_set_ratio{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("{{direction}}"))
                        .ratio("percentunit").thresholds(Thresholds.base("blue")).size(12, 8))
                .panel(Panel.timeseries("Champion and challenger: calibration on the same outcomes")
                        .description("Each model's mean PD over the compared outcomes against their observed "
                                + "default rate; a challenger that ranks better but whose PDs are off would "
                                + "misprice and misprovision. Its Jeffreys and Hosmer-Lemeshow p-values are "
                                + "ml_challenger_jeffreys_p_value and ml_challenger_hosmer_lemeshow_p_value.")
                        .target(Target.expr("ml_challenger_mean_pd{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("mean PD, {{role}}"))
                        .target(Target
                                .expr("ml_challenger_observed_default_rate{job=~\"$job\", instance=~\"$instance\"}")
                                .legend("observed default rate"))
                        .ratio("percentunit").thresholds(Thresholds.base("blue")).size(12, 8))
                .build();
    }

    /** A time series of a quality measure, live (each replica's) against the hold-out's. */
    private static Panel liveAgainstHoldout(String title, String metric) {
        return Panel.timeseries(title)
                .target(Target.expr(metric + "{source=\"live\", job=~\"$job\", instance=~\"$instance\"}")
                        .legend("live {{instance}}"))
                .target(Target.expr(metric + "{source=\"holdout\", job=~\"$job\", instance=~\"$instance\"}")
                        .legend("hold-out"));
    }

    /**
     * A time series of an estimate, {@code metric{source="estimated"}} as {@code legend}, with the
     * band of its {@code _lower} and {@code _upper} series shaded ("{@code band} lower", "{@code band}
     * upper"); the panel's other queries come after these three.
     */
    private static Panel estimateWithBand(String title, String metric, String legend, String band) {
        return Panel.timeseries(title)
                .target(Target.expr(metric + "{source=\"estimated\", job=~\"$job\", instance=~\"$instance\"}")
                        .legend(legend))
                .target(Target.expr(metric + "_lower{source=\"estimated\", job=~\"$job\", instance=~\"$instance\"}")
                        .legend(band + " lower"))
                .target(Target.expr(metric + "_upper{source=\"estimated\", job=~\"$job\", instance=~\"$instance\"}")
                        .legend(band + " upper"))
                .band(band + " lower", band + " upper");
    }

    private static MonitoringConfig.Level accuracy(MonitoringConfig.AlertThresholds t) {
        return t.accuracy();
    }

    /** Months on book the vintage table shows, one observed and one expected column each. */
    private static final List<Integer> MONTHS_ON_BOOK = List.of(3, 6, 12, 18, 24);

    /**
     * The vintage table: for each month on book an instant query of the observed and of the
     * expected cumulative default rate, named for its column and ordered observed beside expected.
     */
    private static Panel vintageTable() {
        Panel table = Panel.table("Vintages: cumulative default rate by months on book")
                .description("The vintage table: one row per application month (cohort, newest "
                        + "first, the newest 36), and for 3, 6, 12, 18 and 24 months on book the "
                        + "cumulative observed default rate (defaults observed by then over the "
                        + "cohort's applications) beside the expected one (its mean PD times the "
                        + "seasoning curve's share by then). An observed cell appears once every "
                        + "application of the cohort has been on book that long. A row whose "
                        + "observed runs above its expected from month to month is defaulting faster "
                        + "than its PDs say (ModelEarlyDefaultsHigh tests it). The latest cycle's "
                        + "values, not the time range.");
        List<String> columns = new ArrayList<>(List.of("cohort"));
        List<String> kinds = List.of("observed", "expected");
        for (String kind : kinds) {
            for (int months : MONTHS_ON_BOOK) {
                table.column(
                        months + " months: " + kind, Target
                                .expr("ml_vintage_" + kind + "_default_rate{months_on_book=\"" + months
                                        + "\", job=~\"$job\", instance=~\"$instance\"}")
                                .legend(kind + " by month " + months));
            }
        }
        for (int m = 0; m < MONTHS_ON_BOOK.size(); m++) {
            columns.add("Value #" + (char) ('A' + m));
            columns.add("Value #" + (char) ('A' + MONTHS_ON_BOOK.size() + m));
        }
        return table.ratio("percentunit").decimals(2).thresholds(Thresholds.base("blue")).plainCells()
                .hideCommonFields("months_on_book").transformation("merge", Json.object())
                .orderColumns(columns.toArray(String[]::new)).sortDescendingBy("cohort").size(24, 10);
    }
}

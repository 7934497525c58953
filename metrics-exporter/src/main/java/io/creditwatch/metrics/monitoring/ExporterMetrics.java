package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.monitoring.GradeConcentration;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.monitoring.ValidationReport;
import io.creditwatch.model.monitoring.WindowReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Every series the exporter publishes, in one place. A gauge with too little data behind it is
 * absent (its row is removed), never zero.
 *
 * <table>
 *   <tr><th>series</th><th>labels</th><th>meaning</th></tr>
 *   <tr><td>ml_model_accuracy, ml_model_precision, ml_model_recall, ml_model_f1_score, ml_model_auc_roc,
 *       ml_model_gini, ml_model_ks</td><td>source</td><td>{@code live}: over the newest labelled
 *       predictions; {@code holdout}: the model card's hold-out evaluation</td></tr>
 *   <tr><td>ml_model_labelled_predictions</td><td>source</td><td>labelled predictions behind the figures</td></tr>
 *   <tr><td>ml_data_drift_score</td><td></td><td>largest feature PSI of the drift window</td></tr>
 *   <tr><td>ml_data_drift_detected</td><td></td><td>1 when the drift score is above 0.25, else 0</td></tr>
 *   <tr><td>ml_feature_psi</td><td>feature</td><td>PSI of each feature</td></tr>
 *   <tr><td>ml_prediction_score_psi</td><td></td><td>PSI of the model's score</td></tr>
 *   <tr><td>ml_drift_window_predictions</td><td></td><td>predictions in the drift window</td></tr>
 *   <tr><td>ml_data_quality_missing_values_percent</td><td></td><td>missing cells over all cells of the window</td></tr>
 *   <tr><td>ml_data_quality_outliers_percent</td><td></td><td>values outside the reference fences over present values</td></tr>
 *   <tr><td>ml_feature_missing_values_percent, ml_feature_outliers_percent</td><td>feature</td><td>the same per feature</td></tr>
 *   <tr><td>ml_feature_missing_values_reference_percent, ml_feature_outliers_reference_percent</td><td>feature</td>
 *       <td>the same in the training data, for comparison</td></tr>
 *   <tr><td>ml_feature_out_of_domain_values</td><td>feature</td><td>values outside the valid domain in the window</td></tr>
 *   <tr><td>ml_validation_auc_standard_error, ml_validation_auc_ci_lower, ml_validation_auc_ci_upper</td><td></td>
 *       <td>DeLong standard error and 95% interval of the live AUC</td></tr>
 *   <tr><td>ml_validation_auc_test_p_value, ml_validation_auc_test_traffic_light</td><td></td>
 *       <td>one-sided test of the live AUC against the hold-out AUC; light 0 green, 1 yellow, 2 red</td></tr>
 *   <tr><td>ml_validation_labelled_predictions, ml_validation_defaults, ml_validation_observed_default_rate,
 *       ml_validation_mean_pd, ml_validation_observed_expected_ratio</td><td>grade</td>
 *       <td>calibration inputs of each grade, and of the whole window as {@code grade="portfolio"}</td></tr>
 *   <tr><td>ml_validation_jeffreys_p_value, ml_validation_jeffreys_traffic_light, ml_validation_binomial_p_value,
 *       ml_validation_binomial_traffic_light</td><td>grade</td><td>Jeffreys (PDs too low) and two-sided binomial tests</td></tr>
 *   <tr><td>ml_validation_hosmer_lemeshow_statistic, ..._degrees_of_freedom, ..._p_value, ..._traffic_light</td>
 *       <td></td><td>Hosmer-Lemeshow over the grades</td></tr>
 *   <tr><td>ml_validation_rank_ordering_pairs_tested, ..._inversions, ..._significant_inversions</td><td></td>
 *       <td>adjacent grades whose observed default rates run the wrong way</td></tr>
 *   <tr><td>ml_grade_share, ml_validation_herfindahl_index</td><td>source (and grade)</td>
 *       <td>{@code live}: the drift window's predictions over the grades; {@code reference}: the hold-out's</td></tr>
 *   <tr><td>system_cpu_usage_percent, system_memory_usage_percent, system_disk_usage_percent</td><td></td><td>host</td></tr>
 *   <tr><td>ml_service_uptime_seconds</td><td></td><td>how long the exporter has run</td></tr>
 *   <tr><td>ml_exporter_last_success_timestamp_seconds</td><td></td><td>end of the last successful cycle</td></tr>
 *   <tr><td>ml_exporter_cycle_duration_seconds</td><td></td><td>duration of the last cycle</td></tr>
 *   <tr><td>ml_exporter_store_up</td><td></td><td>1 when the last cycle could read the store</td></tr>
 *   <tr><td>ml_exporter_rows_processed_total</td><td>kind</td><td>predictions and labels read</td></tr>
 *   <tr><td>ml_exporter_rows_rejected_total</td><td>kind</td><td>stored rows skipped for breaking the contract</td></tr>
 *   <tr><td>ml_exporter_cycle_failures_total</td><td></td><td>cycles that could not read the store</td></tr>
 * </table>
 */
@Component
public class ExporterMetrics {

    public static final String SOURCE = "source";
    public static final String FEATURE = "feature";
    public static final String KIND = "kind";
    public static final String GRADE = "grade";

    private final MeterRegistry registry;
    /** Per series name, its current gauges by tags; a series is updated in place, never re-registered. */
    private final Map<String, Map<Tags, Series>> gauges = new HashMap<>();
    private final Counter predictionsRead;
    private final Counter labelsRead;
    private final Counter cycleFailures;
    private final Map<String, Counter> rejected = new HashMap<>();

    ExporterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.predictionsRead = Counter.builder("ml.exporter.rows.processed").tag(KIND, "predictions")
                .description("Rows read from the prediction store").register(registry);
        this.labelsRead = Counter.builder("ml.exporter.rows.processed").tag(KIND, "labels")
                .description("Rows read from the prediction store").register(registry);
        this.cycleFailures = Counter.builder("ml.exporter.cycle.failures")
                .description("Monitoring cycles that could not read the store").register(registry);
    }

    void quality(QualityReport live, ModelCard.HoldoutMetrics holdout) {
        qualityGauge("ml.model.accuracy", live, QualityReport::accuracy, holdout.accuracy());
        qualityGauge("ml.model.precision", live, QualityReport::precision, holdout.precision());
        qualityGauge("ml.model.recall", live, QualityReport::recall, holdout.recall());
        qualityGauge("ml.model.f1.score", live, QualityReport::f1, holdout.f1());
        qualityGauge("ml.model.auc.roc", live, QualityReport::aucRoc, holdout.aucRoc());
        qualityGauge("ml.model.gini", live, QualityReport::gini, holdout.gini());
        qualityGauge("ml.model.ks", live, QualityReport::ks, holdout.ks());
        qualityGauge("ml.model.labelled.predictions", live, QualityReport::labelled, holdout.rows());
    }

    void window(WindowReport report, Map<String, Double> referenceMissing, Map<String, Double> referenceOutliers) {
        if (report == null) {
            List.of("ml.data.drift.score", "ml.data.drift.detected", "ml.prediction.score.psi", "ml.drift.window.predictions",
                    "ml.data.quality.missing.values.percent", "ml.data.quality.outliers.percent", "ml.feature.psi",
                    "ml.feature.missing.values.percent", "ml.feature.outliers.percent", "ml.feature.out.of.domain.values")
                    .forEach(name -> set(name, Map.of()));
        } else {
            single("ml.data.drift.score", report.driftScore());
            single("ml.data.drift.detected", report.driftDetected() ? 1 : 0);
            single("ml.prediction.score.psi", report.scorePsi());
            single("ml.drift.window.predictions", report.rows());
            single("ml.data.quality.missing.values.percent", report.missingPercentOverall());
            single("ml.data.quality.outliers.percent", report.outlierPercentOverall());
            perFeature("ml.feature.psi", report.featurePsi());
            perFeature("ml.feature.missing.values.percent", report.missingPercent());
            perFeature("ml.feature.outliers.percent", report.outlierPercent());
            Map<String, Double> outOfDomain = new HashMap<>();
            report.outOfDomain().forEach((feature, count) -> outOfDomain.put(feature, count.doubleValue()));
            perFeature("ml.feature.out.of.domain.values", outOfDomain);
        }
        perFeature("ml.feature.missing.values.reference.percent", referenceMissing);
        perFeature("ml.feature.outliers.reference.percent", referenceOutliers);
    }

    void validation(ValidationReport report) {
        ValidationReport.Discrimination discrimination = report.discrimination();
        optional("ml.validation.auc.standard.error", discrimination, ValidationReport.Discrimination::standardError);
        optional("ml.validation.auc.ci.lower", discrimination, ValidationReport.Discrimination::lower95);
        optional("ml.validation.auc.ci.upper", discrimination, ValidationReport.Discrimination::upper95);
        optional("ml.validation.auc.test.p.value", discrimination, ValidationReport.Discrimination::pValue);
        optional("ml.validation.auc.test.traffic.light", discrimination, test -> test.light().code());

        List<ValidationReport.Calibration> calibrations = new ArrayList<>();
        if (report.portfolio() != null) {
            calibrations.add(report.portfolio());
        }
        calibrations.addAll(report.grades());
        perGrade("ml.validation.labelled.predictions", calibrations, ValidationReport.Calibration::labelled);
        perGrade("ml.validation.defaults", calibrations, ValidationReport.Calibration::defaults);
        perGrade("ml.validation.observed.default.rate", calibrations, ValidationReport.Calibration::observedRate);
        perGrade("ml.validation.mean.pd", calibrations, ValidationReport.Calibration::meanPd);
        perGrade("ml.validation.observed.expected.ratio", calibrations, ValidationReport.Calibration::observedToExpected);
        perGrade("ml.validation.jeffreys.p.value", calibrations, ValidationReport.Calibration::jeffreysPValue);
        perGrade("ml.validation.jeffreys.traffic.light", calibrations, test -> test.jeffreys().code());
        perGrade("ml.validation.binomial.p.value", calibrations, ValidationReport.Calibration::binomialPValue);
        perGrade("ml.validation.binomial.traffic.light", calibrations, test -> test.binomial().code());

        ValidationReport.HosmerLemeshow hosmerLemeshow = report.hosmerLemeshow();
        optional("ml.validation.hosmer.lemeshow.statistic", hosmerLemeshow, ValidationReport.HosmerLemeshow::statistic);
        optional("ml.validation.hosmer.lemeshow.degrees.of.freedom", hosmerLemeshow,
                ValidationReport.HosmerLemeshow::degreesOfFreedom);
        optional("ml.validation.hosmer.lemeshow.p.value", hosmerLemeshow, ValidationReport.HosmerLemeshow::pValue);
        optional("ml.validation.hosmer.lemeshow.traffic.light", hosmerLemeshow, test -> test.light().code());

        ValidationReport.RankOrdering rankOrdering = report.rankOrdering();
        optional("ml.validation.rank.ordering.pairs.tested", rankOrdering, ValidationReport.RankOrdering::pairsTested);
        optional("ml.validation.rank.ordering.inversions", rankOrdering, ValidationReport.RankOrdering::inversions);
        optional("ml.validation.rank.ordering.significant.inversions", rankOrdering,
                ValidationReport.RankOrdering::significantInversions);
    }

    /** The grade mix of the drift window ({@code null}: too few predictions) against the reference's. */
    void concentration(GradeConcentration live, GradeConcentration reference) {
        Map<Tags, Double> shares = new HashMap<>();
        Map<Tags, Double> herfindahl = new HashMap<>();
        for (var source : Map.of("live", Optional.ofNullable(live), "reference", Optional.of(reference)).entrySet()) {
            source.getValue().ifPresent(concentration -> {
                for (int g = 0; g < concentration.shares().length; g++) {
                    shares.put(Tags.of(SOURCE, source.getKey(), GRADE, Integer.toString(g + 1)),
                            concentration.shares()[g]);
                }
                herfindahl.put(Tags.of(SOURCE, source.getKey()), concentration.herfindahl());
            });
        }
        set("ml.grade.share", shares);
        set("ml.validation.herfindahl.index", herfindahl);
    }

    void system(double cpuPercent, double memoryPercent, double diskPercent, double uptimeSeconds) {
        single("system.cpu.usage.percent", cpuPercent);
        single("system.memory.usage.percent", memoryPercent);
        single("system.disk.usage.percent", diskPercent);
        single("ml.service.uptime.seconds", uptimeSeconds);
    }

    void cycle(boolean storeUp, double durationSeconds, Double lastSuccessEpochSeconds) {
        single("ml.exporter.store.up", storeUp ? 1 : 0);
        single("ml.exporter.cycle.duration.seconds", durationSeconds);
        if (lastSuccessEpochSeconds != null) {
            single("ml.exporter.last.success.timestamp.seconds", lastSuccessEpochSeconds);
        }
        if (!storeUp) {
            cycleFailures.increment();
        }
    }

    void rejected(String kind) {
        rejected.computeIfAbsent(kind, key -> Counter.builder("ml.exporter.rows.rejected").tag(KIND, key)
                .description("Stored rows skipped because they break the store's contract").register(registry))
                .increment();
    }

    void read(int predictions, int labels) {
        predictionsRead.increment(predictions);
        labelsRead.increment(labels);
    }

    private void qualityGauge(String name, QualityReport live, ToDoubleFunction<QualityReport> value, double holdout) {
        Map<Tags, Double> rows = new HashMap<>(2);
        rows.put(Tags.of(SOURCE, "holdout"), holdout);
        rows.put(Tags.of(SOURCE, "live"), live == null ? Double.NaN : value.applyAsDouble(live));
        set(name, rows);
    }

    private void perFeature(String name, Map<String, Double> values) {
        Map<Tags, Double> rows = new HashMap<>(values.size());
        values.forEach((feature, value) -> rows.put(Tags.of(FEATURE, feature), value));
        set(name, rows);
    }

    private <T> void optional(String name, T part, ToDoubleFunction<T> value) {
        set(name, part == null ? Map.of() : Map.of(Tags.empty(), value.applyAsDouble(part)));
    }

    private void perGrade(String name, List<ValidationReport.Calibration> calibrations,
                          ToDoubleFunction<ValidationReport.Calibration> value) {
        Map<Tags, Double> rows = new HashMap<>(calibrations.size());
        calibrations.forEach(calibration -> rows.put(Tags.of(GRADE, calibration.grade()), value.applyAsDouble(calibration)));
        set(name, rows);
    }

    private void single(String name, double value) {
        set(name, Map.of(Tags.empty(), value));
    }

    /**
     * Publishes these rows of a series: a row whose value is NaN, or that is not given, is
     * removed (absent); the others are created once and then updated in place, so a scrape never
     * finds a series missing while it is being refreshed.
     */
    private synchronized void set(String name, Map<Tags, Double> rows) {
        Map<Tags, Series> current = gauges.computeIfAbsent(name, key -> new HashMap<>());
        current.entrySet().removeIf(entry -> {
            Double value = rows.get(entry.getKey());
            boolean absent = value == null || Double.isNaN(value);
            if (absent) {
                registry.remove(entry.getValue().gauge());
            }
            return absent;
        });
        rows.forEach((tags, value) -> {
            if (Double.isNaN(value)) {
                return;
            }
            current.computeIfAbsent(tags, key -> {
                AtomicLong bits = new AtomicLong();
                Gauge gauge = Gauge.builder(name, bits, held -> Double.longBitsToDouble(held.get()))
                        .tags(key).strongReference(true).register(registry);
                return new Series(gauge, bits);
            }).value().set(Double.doubleToLongBits(value));
        });
    }

    /** One published series and the value it reads. */
    private record Series(Gauge gauge, AtomicLong value) {
    }
}

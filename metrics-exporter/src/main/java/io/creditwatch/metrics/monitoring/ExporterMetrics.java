package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.monitoring.WindowReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *   <tr><td>system_cpu_usage_percent, system_memory_usage_percent, system_disk_usage_percent</td><td></td><td>host</td></tr>
 *   <tr><td>ml_service_uptime_seconds</td><td></td><td>how long the exporter has run</td></tr>
 *   <tr><td>ml_exporter_last_success_timestamp_seconds</td><td></td><td>end of the last successful cycle</td></tr>
 *   <tr><td>ml_exporter_cycle_duration_seconds</td><td></td><td>duration of the last cycle</td></tr>
 *   <tr><td>ml_exporter_store_up</td><td></td><td>1 when the last cycle could read the store</td></tr>
 *   <tr><td>ml_exporter_rows_processed_total</td><td>kind</td><td>predictions and labels read</td></tr>
 *   <tr><td>ml_exporter_cycle_failures_total</td><td></td><td>cycles that could not read the store</td></tr>
 * </table>
 */
@Component
public class ExporterMetrics {

    public static final String SOURCE = "source";
    public static final String FEATURE = "feature";
    public static final String KIND = "kind";

    private final MeterRegistry registry;
    /** Per series name, its current gauges by tags; a series is updated in place, never re-registered. */
    private final Map<String, Map<Tags, Series>> gauges = new HashMap<>();
    private final Counter predictionsRead;
    private final Counter labelsRead;
    private final Counter cycleFailures;

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

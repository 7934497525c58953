package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.estimation.EstimationReference;
import io.creditwatch.model.estimation.PerformanceEstimate;
import io.creditwatch.model.monitoring.ChallengerComparison;
import io.creditwatch.model.monitoring.GradeConcentration;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.monitoring.ValidationReport;
import io.creditwatch.model.monitoring.WindowReport;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.outcome.VintageBook;
import io.creditwatch.model.reasons.AttributionProfile;
import io.creditwatch.model.reasons.AttributionReport;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.stats.PairedDeLong;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the exporter's series, each built from its entry in {@link ExporterMeter} (name, type,
 * description, tag keys). A gauge with too little data behind it is absent (its row is removed),
 * never zero.
 */
@Component
public class ExporterMetrics {

    public static final String SOURCE = ExporterMeter.Key.SOURCE.asString();
    public static final String FEATURE = ExporterMeter.Key.FEATURE.asString();
    public static final String KIND = ExporterMeter.Key.KIND.asString();
    public static final String GRADE = ExporterMeter.Key.GRADE.asString();
    public static final String COHORT = ExporterMeter.Key.COHORT.asString();
    public static final String MONTHS_ON_BOOK = ExporterMeter.Key.MONTHS_ON_BOOK.asString();
    public static final String OUTCOME = ExporterMeter.Key.OUTCOME.asString();
    /** A reason code of the model card (ten, and {@code none}). */
    public static final String CODE = ExporterMeter.Key.CODE.asString();
    /** Champion or challenger, in the comparison of the two. */
    public static final String ROLE = ExporterMeter.Key.ROLE.asString();
    /** The challenger's model version, on the comparison's series (model_version is the champion's). */
    public static final String CHALLENGER_VERSION = ExporterMeter.Key.CHALLENGER_VERSION.asString();
    /** Which way a swap goes: {@code swap_in} (the challenger approves what the champion declines) or {@code swap_out}. */
    public static final String DIRECTION = ExporterMeter.Key.DIRECTION.asString();
    /** The model version a series is about: every series but the exporter's own and the host's carries it. */
    public static final String MODEL_VERSION = ExporterMeter.Key.MODEL_VERSION.asString();
    /** The {@code source} of the figures estimated from the drift window's served probabilities. */
    public static final String ESTIMATED = "estimated";

    private final MeterRegistry registry;
    /** Per series, its current gauges by tags; a series is updated in place, never re-registered. */
    private final Map<ExporterMeter, Map<Tags, Series>> gauges = new EnumMap<>(ExporterMeter.class);
    private final Counter predictionsRead;
    private final Counter labelsRead;
    private final Counter cycleFailures;
    private final Map<String, Counter> rejected = new HashMap<>();
    private final Map<String, Counter> unmonitored = new HashMap<>();
    /**
     * The model version whose series are being published, added to every series about a model:
     * publishing a series replaces that version's rows only, so several versions are published
     * side by side. Null before one is monitored.
     */
    private volatile String modelVersion;

    ExporterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.predictionsRead = ExporterMeter.EXPORTER_ROWS_PROCESSED.counter("predictions").register(registry);
        this.labelsRead = ExporterMeter.EXPORTER_ROWS_PROCESSED.counter("labels").register(registry);
        this.cycleFailures = ExporterMeter.EXPORTER_CYCLE_FAILURES.counter().register(registry);
        // from zero, so that increase() sees the first rejected row
        for (String kind : List.of("predictions", "labels")) {
            rejected.put(kind, ExporterMeter.EXPORTER_ROWS_REJECTED.counter(kind).register(registry));
            unmonitored.put(kind, ExporterMeter.EXPORTER_ROWS_UNMONITORED.counter(kind).register(registry));
        }
    }

    /**
     * Model quality: realized over mature outcomes ({@code live}; null: too few), the card's hold-out
     * figures, and the drift window's estimate ({@code estimated}; null: none) with its sampling bands.
     */
    void quality(QualityReport live, ModelCard.HoldoutMetrics holdout, PerformanceEstimate estimated) {
        qualityGauge(ExporterMeter.MODEL_ACCURACY, live, QualityReport::accuracy, holdout.accuracy(), estimated,
                PerformanceEstimate::accuracy);
        qualityGauge(ExporterMeter.MODEL_PRECISION, live, QualityReport::precision, holdout.precision(), estimated,
                PerformanceEstimate::precision);
        qualityGauge(ExporterMeter.MODEL_RECALL, live, QualityReport::recall, holdout.recall(), estimated,
                PerformanceEstimate::recall);
        qualityGauge(ExporterMeter.MODEL_F1_SCORE, live, QualityReport::f1, holdout.f1(), estimated,
                PerformanceEstimate::f1);
        qualityGauge(ExporterMeter.MODEL_AUC_ROC, live, QualityReport::aucRoc, holdout.aucRoc(), estimated,
                PerformanceEstimate::aucRoc);
        qualityGauge(ExporterMeter.MODEL_GINI, live, QualityReport::gini, holdout.gini(), null, null);
        qualityGauge(ExporterMeter.MODEL_KS, live, QualityReport::ks, holdout.ks(), null, null);
        qualityGauge(ExporterMeter.MODEL_LABELLED_PREDICTIONS, live, QualityReport::labelled, holdout.rows(), null,
                null);
        PerformanceEstimate.Estimate defaultRate = estimated == null ? null : estimated.defaultRate();
        set(ExporterMeter.MODEL_EXPECTED_DEFAULT_RATE,
                estimatedRow(defaultRate == null ? Double.NaN : defaultRate.value()));
        band(ExporterMeter.MODEL_EXPECTED_DEFAULT_RATE, defaultRate);
    }

    /**
     * Realized against estimated on the same loans: the live AUC of the mature outcomes minus the AUC
     * estimated from their own served probabilities ({@code matured}, null: too few or no map), and
     * the lower end of that estimate's band as a gap; a gap below it is what estimation cannot explain.
     */
    void realizedAgainstEstimated(QualityReport live, PerformanceEstimate matured) {
        boolean both = live != null && matured != null && !Double.isNaN(live.aucRoc());
        set(ExporterMeter.MODEL_AUC_ROC_GAP,
                Map.of(Tags.empty(), both ? live.aucRoc() - matured.aucRoc().value() : Double.NaN));
        set(ExporterMeter.MODEL_AUC_ROC_GAP_LOWER,
                Map.of(Tags.empty(), both ? -3 * matured.aucRoc().standardError() : Double.NaN));
    }

    /** The hold-out AUC's range over chunks that the estimated AUC is compared with (null: the card has none). */
    void aucReference(EstimationReference.AucRange range) {
        set(ExporterMeter.MODEL_AUC_ROC_REFERENCE_LOWER,
                range == null ? Map.of() : Map.of(Tags.empty(), range.lower()));
        set(ExporterMeter.MODEL_AUC_ROC_REFERENCE_UPPER,
                range == null ? Map.of() : Map.of(Tags.empty(), range.upper()));
    }

    void window(WindowReport report, Map<String, Double> referenceMissing, Map<String, Double> referenceOutliers) {
        if (report == null) {
            List.of(ExporterMeter.DATA_DRIFT_SCORE, ExporterMeter.DATA_DRIFT_DETECTED,
                    ExporterMeter.PREDICTION_SCORE_PSI, ExporterMeter.DRIFT_WINDOW_PREDICTIONS,
                    ExporterMeter.DATA_QUALITY_MISSING_VALUES_PERCENT, ExporterMeter.DATA_QUALITY_OUTLIERS_PERCENT,
                    ExporterMeter.FEATURE_PSI,
                    ExporterMeter.FEATURE_MISSING_VALUES_PERCENT, ExporterMeter.FEATURE_OUTLIERS_PERCENT,
                    ExporterMeter.FEATURE_OUT_OF_DOMAIN_VALUES)
                    .forEach(meter -> set(meter, Map.of()));
        } else {
            single(ExporterMeter.DATA_DRIFT_SCORE, report.driftScore());
            single(ExporterMeter.DATA_DRIFT_DETECTED, report.driftDetected() ? 1 : 0);
            single(ExporterMeter.PREDICTION_SCORE_PSI, report.scorePsi());
            single(ExporterMeter.DRIFT_WINDOW_PREDICTIONS, report.rows());
            single(ExporterMeter.DATA_QUALITY_MISSING_VALUES_PERCENT, report.missingPercentOverall());
            single(ExporterMeter.DATA_QUALITY_OUTLIERS_PERCENT, report.outlierPercentOverall());
            perFeature(ExporterMeter.FEATURE_PSI, report.featurePsi());
            perFeature(ExporterMeter.FEATURE_MISSING_VALUES_PERCENT, report.missingPercent());
            perFeature(ExporterMeter.FEATURE_OUTLIERS_PERCENT, report.outlierPercent());
            Map<String, Double> outOfDomain = new HashMap<>();
            report.outOfDomain().forEach((feature, count) -> outOfDomain.put(feature, count.doubleValue()));
            perFeature(ExporterMeter.FEATURE_OUT_OF_DOMAIN_VALUES, outOfDomain);
        }
        perFeature(ExporterMeter.FEATURE_MISSING_VALUES_REFERENCE_PERCENT, referenceMissing);
        perFeature(ExporterMeter.FEATURE_OUTLIERS_REFERENCE_PERCENT, referenceOutliers);
    }

    void validation(ValidationReport report) {
        ValidationReport.Discrimination discrimination = report.discrimination();
        optional(ExporterMeter.VALIDATION_AUC_STANDARD_ERROR, discrimination,
                ValidationReport.Discrimination::standardError);
        optional(ExporterMeter.VALIDATION_AUC_CI_LOWER, discrimination, ValidationReport.Discrimination::lower95);
        optional(ExporterMeter.VALIDATION_AUC_CI_UPPER, discrimination, ValidationReport.Discrimination::upper95);
        optional(ExporterMeter.VALIDATION_AUC_TEST_P_VALUE, discrimination, ValidationReport.Discrimination::pValue);
        optional(ExporterMeter.VALIDATION_AUC_TEST_TRAFFIC_LIGHT, discrimination, test -> test.light().code());

        List<ValidationReport.Calibration> calibrations = new ArrayList<>();
        if (report.portfolio() != null) {
            calibrations.add(report.portfolio());
        }
        calibrations.addAll(report.grades());
        perGrade(ExporterMeter.VALIDATION_LABELLED_PREDICTIONS, calibrations, ValidationReport.Calibration::labelled);
        perGrade(ExporterMeter.VALIDATION_DEFAULTS, calibrations, ValidationReport.Calibration::defaults);
        perGrade(ExporterMeter.VALIDATION_OBSERVED_DEFAULT_RATE, calibrations,
                ValidationReport.Calibration::observedRate);
        perGrade(ExporterMeter.VALIDATION_MEAN_PD, calibrations, ValidationReport.Calibration::meanPd);
        perGrade(ExporterMeter.VALIDATION_OBSERVED_EXPECTED_RATIO, calibrations,
                ValidationReport.Calibration::observedToExpected);
        perGrade(ExporterMeter.VALIDATION_JEFFREYS_P_VALUE, calibrations, ValidationReport.Calibration::jeffreysPValue);
        perGrade(ExporterMeter.VALIDATION_JEFFREYS_TRAFFIC_LIGHT, calibrations, test -> test.jeffreys().code());
        perGrade(ExporterMeter.VALIDATION_BINOMIAL_P_VALUE, calibrations, ValidationReport.Calibration::binomialPValue);
        perGrade(ExporterMeter.VALIDATION_BINOMIAL_TRAFFIC_LIGHT, calibrations, test -> test.binomial().code());

        ValidationReport.HosmerLemeshow hosmerLemeshow = report.hosmerLemeshow();
        optional(ExporterMeter.VALIDATION_HOSMER_LEMESHOW_STATISTIC, hosmerLemeshow,
                ValidationReport.HosmerLemeshow::statistic);
        optional(ExporterMeter.VALIDATION_HOSMER_LEMESHOW_DEGREES_OF_FREEDOM, hosmerLemeshow,
                ValidationReport.HosmerLemeshow::degreesOfFreedom);
        optional(ExporterMeter.VALIDATION_HOSMER_LEMESHOW_P_VALUE, hosmerLemeshow,
                ValidationReport.HosmerLemeshow::pValue);
        optional(ExporterMeter.VALIDATION_HOSMER_LEMESHOW_TRAFFIC_LIGHT, hosmerLemeshow, test -> test.light().code());

        ValidationReport.RankOrdering rankOrdering = report.rankOrdering();
        optional(ExporterMeter.VALIDATION_RANK_ORDERING_PAIRS_TESTED, rankOrdering,
                ValidationReport.RankOrdering::pairsTested);
        optional(ExporterMeter.VALIDATION_RANK_ORDERING_INVERSIONS, rankOrdering,
                ValidationReport.RankOrdering::inversions);
        optional(ExporterMeter.VALIDATION_RANK_ORDERING_SIGNIFICANT_INVERSIONS, rankOrdering,
                ValidationReport.RankOrdering::significantInversions);
    }

    /**
     * Champion against challenger: the comparison over mature outcomes both scored ({@code null}: too
     * few, all absent), and the swap set of the drift window ({@code swap}: null when too few
     * predictions had a challenger); {@code version} is the challenger's (null: none seen).
     */
    void challenger(String version, ChallengerComparison comparison, SwapSet swap) {
        Map<ExporterMeter, Map<Tags, Double>> rows = new EnumMap<>(ExporterMeter.class);
        Arrays.stream(ExporterMeter.values()).filter(meter -> meter.getName().startsWith("ml.challenger."))
                .forEach(meter -> rows.put(meter, new HashMap<>()));
        if (version != null && comparison != null) {
            Tags challenger = Tags.of(CHALLENGER_VERSION, version);
            PairedDeLong test = comparison.pairedDeLong();
            rows.get(ExporterMeter.CHALLENGER_COMPARED_OUTCOMES).put(challenger,
                    (double) (test.positives() + test.negatives()));
            rows.get(ExporterMeter.CHALLENGER_AUC_ROC).put(challenger.and(ROLE, "champion"), test.aucA());
            rows.get(ExporterMeter.CHALLENGER_AUC_ROC).put(challenger.and(ROLE, "challenger"), test.aucB());
            rows.get(ExporterMeter.CHALLENGER_AUC_DIFFERENCE).put(challenger, test.difference());
            rows.get(ExporterMeter.CHALLENGER_DELONG_Z).put(challenger, test.z());
            rows.get(ExporterMeter.CHALLENGER_DELONG_P_VALUE).put(challenger, test.pValueBBetter());
            rows.get(ExporterMeter.CHALLENGER_TRAFFIC_LIGHT).put(challenger, (double) comparison.light().code());
            rows.get(ExporterMeter.CHALLENGER_OBSERVED_DEFAULT_RATE).put(challenger,
                    comparison.champion().portfolio().observedRate());
            for (var role : Map.of("champion", comparison.champion(), "challenger", comparison.challenger())
                    .entrySet()) {
                Tags tags = challenger.and(ROLE, role.getKey());
                rows.get(ExporterMeter.CHALLENGER_MEAN_PD).put(tags, role.getValue().portfolio().meanPd());
                rows.get(ExporterMeter.CHALLENGER_JEFFREYS_P_VALUE).put(tags,
                        role.getValue().portfolio().jeffreysPValue());
                if (role.getValue().hosmerLemeshow() != null) {
                    rows.get(ExporterMeter.CHALLENGER_HOSMER_LEMESHOW_P_VALUE).put(tags,
                            role.getValue().hosmerLemeshow().pValue());
                }
            }
        }
        if (version != null && swap != null) {
            Tags challenger = Tags.of(CHALLENGER_VERSION, version);
            rows.get(ExporterMeter.CHALLENGER_SWAP_SET_RATIO).put(challenger.and(DIRECTION, "swap_in"),
                    swap.swapInShare());
            rows.get(ExporterMeter.CHALLENGER_SWAP_SET_RATIO).put(challenger.and(DIRECTION, "swap_out"),
                    swap.swapOutShare());
            rows.get(ExporterMeter.CHALLENGER_WINDOW_PREDICTIONS).put(challenger, (double) swap.predictions());
        }
        rows.forEach(this::set);
    }

    /**
     * The grade mix of the drift window ({@code null}: too few predictions) against the reference's
     * ({@code null}: the model has no grades, and then neither is published).
     */
    void concentration(GradeConcentration live, GradeConcentration reference) {
        Map<Tags, Double> shares = new HashMap<>();
        Map<Tags, Double> herfindahl = new HashMap<>();
        for (var source : Map.of("live", Optional.ofNullable(live), "reference", Optional.ofNullable(reference))
                .entrySet()) {
            source.getValue().ifPresent(concentration -> {
                for (int g = 0; g < concentration.shares().length; g++) {
                    shares.put(Tags.of(SOURCE, source.getKey(), GRADE, Integer.toString(g + 1)),
                            concentration.shares()[g]);
                }
                herfindahl.put(Tags.of(SOURCE, source.getKey()), concentration.herfindahl());
            });
        }
        set(ExporterMeter.GRADE_SHARE, shares);
        set(ExporterMeter.VALIDATION_HERFINDAHL_INDEX, herfindahl);
    }

    /** The vintages, oldest first, and the seasoning curve they were computed with (null: none, all absent). */
    void vintages(List<VintageBook.Vintage> vintages, SeasoningCurve curve) {
        Map<ExporterMeter, Map<Tags, Double>> rows = new EnumMap<>(ExporterMeter.class);
        Arrays.stream(ExporterMeter.values()).filter(meter -> meter.getName().startsWith("ml.vintage."))
                .forEach(meter -> rows.put(meter, new HashMap<>()));
        for (VintageBook.Vintage vintage : vintages) {
            Tags cohort = Tags.of(COHORT, vintage.cohort().toString());
            rows.get(ExporterMeter.VINTAGE_APPLICATIONS).put(cohort, (double) vintage.applications());
            rows.get(ExporterMeter.VINTAGE_MEAN_PD).put(cohort, vintage.meanPd());
            rows.get(ExporterMeter.VINTAGE_MONTHS_ON_BOOK).put(cohort, (double) vintage.monthsOnBook());
            rows.get(ExporterMeter.VINTAGE_DEFAULTS).put(cohort, (double) vintage.defaults());
            rows.get(ExporterMeter.VINTAGE_EXPECTED_DEFAULTS).put(cohort, vintage.expectedDefaults());
            vintage.observedRate().forEach((months, rate) -> rows.get(ExporterMeter.VINTAGE_OBSERVED_DEFAULT_RATE)
                    .put(cohort.and(MONTHS_ON_BOOK, months.toString()), rate));
            vintage.expectedRate().forEach((months, rate) -> rows.get(ExporterMeter.VINTAGE_EXPECTED_DEFAULT_RATE)
                    .put(cohort.and(MONTHS_ON_BOOK, months.toString()), rate));
            Map<Tags, Double> shares = rows.get(ExporterMeter.VINTAGE_OUTCOMES_SHARE);
            shares.put(cohort.and(OUTCOME, "mature"), vintage.matureShare());
            shares.put(cohort.and(OUTCOME, "censored"), vintage.censoredShare());
            shares.put(cohort.and(OUTCOME, "none"), vintage.noOutcomeShare());
            if (vintage.earlyDefaults() != null) {
                rows.get(ExporterMeter.VINTAGE_EARLY_DEFAULTS_P_VALUE).put(cohort, vintage.earlyDefaults().pValue());
                rows.get(ExporterMeter.VINTAGE_EARLY_DEFAULTS_TRAFFIC_LIGHT).put(cohort,
                        (double) vintage.earlyDefaults().light().code());
            }
        }
        if (curve != null) {
            String source = "store".equals(curve.source()) ? "store" : "card";
            for (int months : VintageBook.MILESTONES) {
                if (months <= curve.windowMonths()) {
                    rows.get(ExporterMeter.VINTAGE_SEASONING_SHARE)
                            .put(Tags.of(MONTHS_ON_BOOK, Integer.toString(months),
                                    SOURCE, source), curve.shareBy(months));
                }
            }
        }
        rows.forEach(this::set);
    }

    /**
     * The decisions' reasons over the drift window ({@code report} null: too few predictions, or no model to
     * explain with) and the hold-out's mean |contribution| ({@code reference} null: a profile written before reasons).
     */
    void attribution(AttributionReport report, AttributionProfile reference) {
        Map<Tags, Double> means = new HashMap<>();
        if (reference != null) {
            reference.meanAbsoluteContributions()
                    .forEach((feature, value) -> means.put(Tags.of(FEATURE, feature, SOURCE, "holdout"), value));
        }
        Map<Tags, Double> shares = new HashMap<>();
        if (report != null) {
            for (Feature feature : Feature.ALL) {
                means.put(Tags.of(FEATURE, feature.jsonName(), SOURCE, "live"),
                        report.meanAbsoluteContributions()[feature.ordinal()]);
            }
            report.firstReasonShares().forEach((code, share) -> shares.put(Tags.of(CODE, code), share));
        }
        set(ExporterMeter.FEATURE_CONTRIBUTION_MEAN_ABSOLUTE, means);
        set(ExporterMeter.DECLINE_REASON_SHARE, shares);
        set(ExporterMeter.DECLINE_REASON_DECLINES, report == null || shares.isEmpty() ? Map.of()
                : Map.of(Tags.empty(), (double) report.declines()));
        set(ExporterMeter.MODEL_ATTRIBUTION_NDCG, Map.of(Tags.empty(), report == null ? Double.NaN : report.ndcg()));
    }

    void system(double cpuPercent, double memoryPercent, double diskPercent, double uptimeSeconds) {
        single(ExporterMeter.SYSTEM_CPU_USAGE_PERCENT, cpuPercent);
        single(ExporterMeter.SYSTEM_MEMORY_USAGE_PERCENT, memoryPercent);
        single(ExporterMeter.SYSTEM_DISK_USAGE_PERCENT, diskPercent);
        single(ExporterMeter.SERVICE_UPTIME_SECONDS, uptimeSeconds);
    }

    void cycle(boolean storeUp, double durationSeconds, Double lastSuccessEpochSeconds) {
        single(ExporterMeter.EXPORTER_STORE_UP, storeUp ? 1 : 0);
        single(ExporterMeter.EXPORTER_CYCLE_DURATION_SECONDS, durationSeconds);
        if (lastSuccessEpochSeconds != null) {
            single(ExporterMeter.EXPORTER_LAST_SUCCESS_TIMESTAMP_SECONDS, lastSuccessEpochSeconds);
        }
        if (!storeUp) {
            cycleFailures.increment();
        }
    }

    /** Counts a stored row skipped for breaking the store's contract; {@code kind} is predictions or labels. */
    void rejected(String kind) {
        rejected.get(kind).increment();
    }

    /**
     * The model version the series published from now on are about, until the next call; the
     * rows of other versions are left as they are (see {@link #forget}).
     */
    void monitoring(String version) {
        this.modelVersion = version;
    }

    void unmonitored(String kind) {
        unmonitored.get(kind).increment();
    }

    void read(int predictions, int labels) {
        predictionsRead.increment(predictions);
        labelsRead.increment(labels);
    }

    /** The live, hold-out and (given {@code estimate}) estimated rows of one series, and the estimate's band. */
    private void qualityGauge(ExporterMeter meter, QualityReport live, ToDoubleFunction<QualityReport> value,
                              double holdout,
                              PerformanceEstimate estimated,
                              Function<PerformanceEstimate, PerformanceEstimate.Estimate> estimate) {
        Map<Tags, Double> rows = new HashMap<>(3);
        rows.put(Tags.of(SOURCE, "holdout"), holdout);
        rows.put(Tags.of(SOURCE, "live"), live == null ? Double.NaN : value.applyAsDouble(live));
        if (estimate != null) {
            PerformanceEstimate.Estimate figure = estimated == null ? null : estimate.apply(estimated);
            rows.put(Tags.of(SOURCE, ESTIMATED), figure == null ? Double.NaN : figure.value());
            band(meter, figure);
        }
        set(meter, rows);
    }

    /** {@code name.lower} and {@code name.upper}: the estimate's band, absent (NaN) with the estimate or its standard error. */
    private void band(ExporterMeter meter, PerformanceEstimate.Estimate estimate) {
        set(meter.band("lower"), estimatedRow(estimate == null ? Double.NaN : estimate.lower()));
        set(meter.band("upper"), estimatedRow(estimate == null ? Double.NaN : estimate.upper()));
    }

    private static Map<Tags, Double> estimatedRow(double value) {
        return Map.of(Tags.of(SOURCE, ESTIMATED), value);
    }

    private void perFeature(ExporterMeter meter, Map<String, Double> values) {
        Map<Tags, Double> rows = new HashMap<>(values.size());
        values.forEach((feature, value) -> rows.put(Tags.of(FEATURE, feature), value));
        set(meter, rows);
    }

    private <T> void optional(ExporterMeter meter, T part, ToDoubleFunction<T> value) {
        set(meter, part == null ? Map.of() : Map.of(Tags.empty(), value.applyAsDouble(part)));
    }

    private void perGrade(ExporterMeter meter, List<ValidationReport.Calibration> calibrations,
                          ToDoubleFunction<ValidationReport.Calibration> value) {
        Map<Tags, Double> rows = new HashMap<>(calibrations.size());
        calibrations.forEach(
                calibration -> rows.put(Tags.of(GRADE, calibration.grade()), value.applyAsDouble(calibration)));
        set(meter, rows);
    }

    private void single(ExporterMeter meter, double value) {
        set(meter, Map.of(Tags.empty(), value));
    }

    /**
     * Publishes these rows of a series: a row whose value is NaN, or that is not given, is
     * removed (absent); the others are created once and then updated in place, so a scrape never
     * finds a series missing while it is being refreshed.
     */
    private synchronized void set(ExporterMeter meter, Map<Tags, Double> published) {
        Map<Tags, Double> rows = withModelVersion(meter, published);
        String scope = meter.aboutTheModel() ? modelVersion : null;
        Map<Tags, Series> current = gauges.computeIfAbsent(meter, key -> new HashMap<>());
        current.entrySet().removeIf(entry -> {
            if (scope != null && !scope.equals(versionOf(entry.getKey()))) {
                // another monitored version's row: that version publishes it
                return false;
            }
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
                Gauge gauge = meter.gauge(key, bits, held -> Double.longBitsToDouble(held.get()))
                        .strongReference(true).register(registry);
                return new Series(gauge, bits);
            }).value().set(Double.doubleToLongBits(value));
        });
    }

    /**
     * Removes every series of this model version: it is no longer monitored (it aged out). The
     * next series published are of the version {@link #monitoring} names.
     */
    synchronized void forget(String version) {
        for (Map<Tags, Series> rows : gauges.values()) {
            rows.entrySet().removeIf(entry -> {
                boolean ours = version.equals(versionOf(entry.getKey()));
                if (ours) {
                    registry.remove(entry.getValue().gauge());
                }
                return ours;
            });
        }
    }

    private static String versionOf(Tags tags) {
        return tags.stream().filter(tag -> tag.getKey().equals(MODEL_VERSION))
                .map(io.micrometer.core.instrument.Tag::getValue)
                .findFirst().orElse(null);
    }

    private Map<Tags, Double> withModelVersion(ExporterMeter meter, Map<Tags, Double> published) {
        if (modelVersion == null || !meter.aboutTheModel()) {
            return published;
        }
        Map<Tags, Double> rows = new HashMap<>(published.size());
        published.forEach((tags, value) -> rows.put(tags.and(MODEL_VERSION, modelVersion), value));
        return rows;
    }

    /** One published series and the value it reads. */
    private record Series(Gauge gauge, AtomicLong value) {
    }
}

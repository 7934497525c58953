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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every series the exporter publishes, in one place: {@link #GAUGES} names each gauge with its
 * {@code # HELP} text, and the counters are built below. A gauge with too little data behind it
 * is absent (its row is removed), never zero.
 */
@Component
public class ExporterMetrics {

    public static final String SOURCE = "source";
    public static final String FEATURE = "feature";
    public static final String KIND = "kind";
    public static final String GRADE = "grade";
    public static final String COHORT = "cohort";
    public static final String MONTHS_ON_BOOK = "months_on_book";
    public static final String OUTCOME = "outcome";
    /** A reason code of the model card (ten, and {@code none}). */
    public static final String CODE = "code";
    /** Champion or challenger, in the comparison of the two. */
    public static final String ROLE = "role";
    /** The challenger's model version, on the comparison's series (model_version is the champion's). */
    public static final String CHALLENGER_VERSION = "challenger_version";
    /** Which way a swap goes: {@code swap_in} (the challenger approves what the champion declines) or {@code swap_out}. */
    public static final String DIRECTION = "direction";
    /** The model version a series is about: every series but the exporter's own and the host's carries it. */
    public static final String MODEL_VERSION = "model_version";
    /** The {@code source} of the figures estimated from the drift window's served probabilities. */
    public static final String ESTIMATED = "estimated";

    /** Each gauge with its description; a gauge not listed here cannot be published. */
    static final Map<String, String> GAUGES = Map.ofEntries(
            Map.entry("ml.model.accuracy", "Accuracy; source=live: newest mature outcomes of complete cohorts, source=holdout: the model card, source=estimated: expected over the drift window (CBPE)"),
            Map.entry("ml.model.precision", "Precision of the default class; source=live, holdout or estimated"),
            Map.entry("ml.model.recall", "Recall of the default class; source=live, holdout or estimated"),
            Map.entry("ml.model.f1.score", "F1 score of the default class; source=live, holdout or estimated"),
            Map.entry("ml.model.auc.roc", "Area under the ROC curve; source=live, holdout or estimated"),
            Map.entry("ml.model.accuracy.lower", "Lower end of the estimated accuracy's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.accuracy.upper", "Upper end of the estimated accuracy's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.precision.lower", "Lower end of the estimated precision's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.precision.upper", "Upper end of the estimated precision's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.recall.lower", "Lower end of the estimated recall's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.recall.upper", "Upper end of the estimated recall's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.f1.score.lower", "Lower end of the estimated F1 score's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.f1.score.upper", "Upper end of the estimated F1 score's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.auc.roc.lower", "Lower end of the estimated AUC's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.auc.roc.upper", "Upper end of the estimated AUC's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.expected.default.rate", "Expected default rate of the drift window: mean calibrated PD; source=estimated"),
            Map.entry("ml.model.expected.default.rate.lower", "Lower end of the expected default rate's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.expected.default.rate.upper", "Upper end of the expected default rate's sampling band (3 standard errors); source=estimated"),
            Map.entry("ml.model.auc.roc.reference.lower", "Lower end of the hold-out AUC's range over chunks (mean - 3 sd), from the model card"),
            Map.entry("ml.model.auc.roc.reference.upper", "Upper end of the hold-out AUC's range over chunks (mean + 3 sd), from the model card"),
            Map.entry("ml.model.auc.roc.gap", "Realized live AUC minus the AUC estimated from the served probabilities of the same mature outcomes"),
            Map.entry("ml.model.auc.roc.gap.lower", "Lower end of the gap's sampling band: minus 3 standard errors of the AUC estimated over the same mature outcomes"),
            Map.entry("ml.model.gini", "Gini coefficient (2 AUC - 1); source=live or holdout"),
            Map.entry("ml.model.ks", "Kolmogorov-Smirnov statistic between defaulters' and payers' scores; source=live or holdout"),
            Map.entry("ml.model.labelled.predictions", "Predictions with a mature outcome behind the quality figures; source=live or holdout"),
            Map.entry("ml.data.drift.score", "Largest feature PSI of the drift window against the training data"),
            Map.entry("ml.data.drift.detected", "1 when the drift score is above 0.25, else 0"),
            Map.entry("ml.feature.psi", "Population stability index of each feature against the training data"),
            Map.entry("ml.prediction.score.psi", "PSI of the predicted probabilities against the hold-out scores"),
            Map.entry("ml.drift.window.predictions", "Predictions in the drift window"),
            Map.entry("ml.data.quality.missing.values.percent", "Missing cells over all cells of the drift window, in percent"),
            Map.entry("ml.data.quality.outliers.percent", "Values outside the training fences over present values, in percent"),
            Map.entry("ml.feature.missing.values.percent", "Applications with the feature missing in the drift window, in percent"),
            Map.entry("ml.feature.outliers.percent", "Present values of the feature outside the training fences, in percent"),
            Map.entry("ml.feature.missing.values.reference.percent", "Rows with the feature missing in the training data, in percent"),
            Map.entry("ml.feature.outliers.reference.percent", "Values of the feature outside the fences in the training data, in percent"),
            Map.entry("ml.feature.out.of.domain.values", "Values of the feature outside its valid domain in the drift window"),
            Map.entry("ml.validation.auc.standard.error", "DeLong standard error of the live AUC"),
            Map.entry("ml.validation.auc.ci.lower", "Lower end of the live AUC's 95% confidence interval (DeLong)"),
            Map.entry("ml.validation.auc.ci.upper", "Upper end of the live AUC's 95% confidence interval (DeLong)"),
            Map.entry("ml.validation.auc.test.p.value", "One-sided p-value of the live AUC against the AUC at initial validation"),
            Map.entry("ml.validation.auc.test.traffic.light", "AUC test light: 0 green, 1 yellow (p <= 0.05), 2 red (p <= 0.001)"),
            Map.entry("ml.validation.labelled.predictions", "Labelled predictions in each grade; grade=portfolio for the window"),
            Map.entry("ml.validation.defaults", "Observed defaults in each grade; grade=portfolio for the window"),
            Map.entry("ml.validation.observed.default.rate", "Observed default rate of each grade; grade=portfolio for the window"),
            Map.entry("ml.validation.mean.pd", "Mean predicted PD of each grade; grade=portfolio for the window"),
            Map.entry("ml.validation.observed.expected.ratio", "Observed over expected defaults of each grade"),
            Map.entry("ml.validation.jeffreys.p.value", "Jeffreys test p-value that the grade's PD is too low"),
            Map.entry("ml.validation.jeffreys.traffic.light", "Jeffreys test light: 0 green, 1 yellow, 2 red"),
            Map.entry("ml.validation.binomial.p.value", "Two-sided exact binomial test p-value of the grade's PD"),
            Map.entry("ml.validation.binomial.traffic.light", "Binomial test light: 0 green, 1 yellow, 2 red"),
            Map.entry("ml.validation.hosmer.lemeshow.statistic", "Hosmer-Lemeshow statistic over the grades"),
            Map.entry("ml.validation.hosmer.lemeshow.degrees.of.freedom", "Degrees of freedom of the Hosmer-Lemeshow test (the number of grades)"),
            Map.entry("ml.validation.hosmer.lemeshow.p.value", "Hosmer-Lemeshow p-value over the grades"),
            Map.entry("ml.validation.hosmer.lemeshow.traffic.light", "Hosmer-Lemeshow light: 0 green, 1 yellow, 2 red"),
            Map.entry("ml.validation.rank.ordering.pairs.tested", "Adjacent grade pairs with enough labels to compare"),
            Map.entry("ml.validation.rank.ordering.inversions", "Adjacent grade pairs whose observed default rates run the wrong way"),
            Map.entry("ml.validation.rank.ordering.significant.inversions", "Inversions significant at 95% (one-sided Fisher exact test)"),
            Map.entry("ml.grade.share", "Share of predictions in each grade; source=live: drift window, source=reference: hold-out"),
            Map.entry("ml.validation.herfindahl.index", "Herfindahl index of the grade distribution; source=live or reference"),
            Map.entry("ml.vintage.applications", "Applications of each cohort (application month)"),
            Map.entry("ml.vintage.mean.pd", "Mean predicted PD of each cohort"),
            Map.entry("ml.vintage.months.on.book", "Whole months every application of the cohort has been on book"),
            Map.entry("ml.vintage.defaults", "Defaults of each cohort observed to date"),
            Map.entry("ml.vintage.expected.defaults", "Defaults of each cohort expected to date: each PD times the seasoning curve's share at its age"),
            Map.entry("ml.vintage.observed.default.rate", "Cumulative observed default rate of each cohort by months on book (months reached only)"),
            Map.entry("ml.vintage.expected.default.rate", "Mean PD of each cohort times the seasoning curve's share by months on book"),
            Map.entry("ml.vintage.outcomes.share", "Share of each cohort's applications with a mature outcome, a censored one (performing so far) or none"),
            Map.entry("ml.vintage.early.defaults.p.value", "One-sided binomial p-value of a young cohort's defaults to date against those expected to date"),
            Map.entry("ml.vintage.early.defaults.traffic.light", "Early-default test light: 0 green, 1 yellow (p <= 0.05), 2 red (p <= 0.001)"),
            Map.entry("ml.vintage.seasoning.share", "Seasoning curve in use: share of window defaults by months on book; source=store (estimated) or card"),
            Map.entry("ml.decline.reason.share", "Share of the drift window's declines (predicted default) whose first reason has this code; code=none: no feature raised the risk"),
            Map.entry("ml.decline.reason.declines", "Declines in the drift window behind the reason shares"),
            Map.entry("ml.feature.contribution.mean.absolute", "Mean absolute contribution of the feature to the log-odds of default (exact TreeSHAP); source=live: drift window, source=holdout: reference profile"),
            Map.entry("ml.model.attribution.ndcg", "nDCG of the drift window's ranking of features by mean absolute contribution against the hold-out's; 1 is the same ranking, below 0.9 is attribution drift"),
            Map.entry("ml.challenger.compared.outcomes", "Mature outcomes of applicants scored by both the champion and the challenger, behind the comparison"),
            Map.entry("ml.challenger.auc.roc", "AUC of each model over the same compared outcomes; role=champion or challenger"),
            Map.entry("ml.challenger.auc.difference", "Challenger's AUC minus the champion's over the same compared outcomes"),
            Map.entry("ml.challenger.delong.z", "Paired DeLong statistic of the AUC difference (challenger minus champion over its standard error)"),
            Map.entry("ml.challenger.delong.p.value", "One-sided paired DeLong p-value that the challenger ranks better; below 0.01 raises ModelChallengerOutperforms"),
            Map.entry("ml.challenger.traffic.light", "Paired DeLong light: 0 green (no evidence the challenger ranks better), 1 yellow (p <= 0.05), 2 red (p <= 0.001)"),
            Map.entry("ml.challenger.mean.pd", "Mean PD of each model over the compared outcomes; role=champion or challenger"),
            Map.entry("ml.challenger.observed.default.rate", "Observed default rate of the compared outcomes"),
            Map.entry("ml.challenger.jeffreys.p.value", "Portfolio Jeffreys test p-value that the model's PDs are too low; role=champion or challenger"),
            Map.entry("ml.challenger.hosmer.lemeshow.p.value", "Hosmer-Lemeshow p-value of each model over the champion's grades; role=champion or challenger"),
            Map.entry("ml.challenger.swap.set.ratio", "Share of the drift window's applicants the two models decide differently at the cut-off; direction=swap_in (challenger approves, champion declines) or swap_out"),
            Map.entry("ml.challenger.window.predictions", "Predictions of the drift window that the challenger scored too"),
            Map.entry("system.cpu.usage.percent", "CPU usage of the host, in percent"),
            Map.entry("system.memory.usage.percent", "Memory usage of the host, in percent"),
            Map.entry("system.disk.usage.percent", "Usage of the file system at exporter.disk-path, in percent"),
            Map.entry("ml.service.uptime.seconds", "Seconds since the exporter started"),
            Map.entry("ml.exporter.last.success.timestamp.seconds", "Unix time of the end of the last successful monitoring cycle"),
            Map.entry("ml.exporter.cycle.duration.seconds", "Duration of the last monitoring cycle"),
            Map.entry("ml.exporter.store.up", "1 when the last cycle could read the prediction store, else 0"));

    private static final List<String> VINTAGE_GAUGES = List.of("ml.vintage.applications", "ml.vintage.mean.pd",
            "ml.vintage.months.on.book", "ml.vintage.defaults", "ml.vintage.expected.defaults",
            "ml.vintage.observed.default.rate", "ml.vintage.expected.default.rate", "ml.vintage.outcomes.share",
            "ml.vintage.early.defaults.p.value", "ml.vintage.early.defaults.traffic.light", "ml.vintage.seasoning.share");

    private final MeterRegistry registry;
    /** Per series name, its current gauges by tags; a series is updated in place, never re-registered. */
    private final Map<String, Map<Tags, Series>> gauges = new HashMap<>();
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
        this.predictionsRead = Counter.builder("ml.exporter.rows.processed").tag(KIND, "predictions")
                .description("Rows read from the prediction store").register(registry);
        this.labelsRead = Counter.builder("ml.exporter.rows.processed").tag(KIND, "labels")
                .description("Rows read from the prediction store").register(registry);
        this.cycleFailures = Counter.builder("ml.exporter.cycle.failures")
                .description("Monitoring cycles that could not read the store").register(registry);
        // from zero, so that increase() sees the first rejected row
        for (String kind : List.of("predictions", "labels")) {
            rejected.put(kind, Counter.builder("ml.exporter.rows.rejected").tag(KIND, kind)
                    .description("Stored rows skipped because they break the store's contract").register(registry));
            unmonitored.put(kind, Counter.builder("ml.exporter.rows.unmonitored").tag(KIND, kind)
                    .description("Stored rows read of a model version other than the monitored one (MODEL_PATH's): "
                            + "counted, never mixed in").register(registry));
        }
    }

    /**
     * Model quality: realized over mature outcomes ({@code live}; null: too few), the card's hold-out
     * figures, and the drift window's estimate ({@code estimated}; null: none) with its sampling bands.
     */
    void quality(QualityReport live, ModelCard.HoldoutMetrics holdout, PerformanceEstimate estimated) {
        qualityGauge("ml.model.accuracy", live, QualityReport::accuracy, holdout.accuracy(), estimated,
                PerformanceEstimate::accuracy);
        qualityGauge("ml.model.precision", live, QualityReport::precision, holdout.precision(), estimated,
                PerformanceEstimate::precision);
        qualityGauge("ml.model.recall", live, QualityReport::recall, holdout.recall(), estimated,
                PerformanceEstimate::recall);
        qualityGauge("ml.model.f1.score", live, QualityReport::f1, holdout.f1(), estimated, PerformanceEstimate::f1);
        qualityGauge("ml.model.auc.roc", live, QualityReport::aucRoc, holdout.aucRoc(), estimated,
                PerformanceEstimate::aucRoc);
        qualityGauge("ml.model.gini", live, QualityReport::gini, holdout.gini(), null, null);
        qualityGauge("ml.model.ks", live, QualityReport::ks, holdout.ks(), null, null);
        qualityGauge("ml.model.labelled.predictions", live, QualityReport::labelled, holdout.rows(), null, null);
        PerformanceEstimate.Estimate defaultRate = estimated == null ? null : estimated.defaultRate();
        set("ml.model.expected.default.rate", estimatedRow(defaultRate == null ? Double.NaN : defaultRate.value()));
        band("ml.model.expected.default.rate", defaultRate);
    }

    /**
     * Realized against estimated on the same loans: the live AUC of the mature outcomes minus the AUC
     * estimated from their own served probabilities ({@code matured}, null: too few or no map), and
     * the lower end of that estimate's band as a gap; a gap below it is what estimation cannot explain.
     */
    void realizedAgainstEstimated(QualityReport live, PerformanceEstimate matured) {
        boolean both = live != null && matured != null && !Double.isNaN(live.aucRoc());
        set("ml.model.auc.roc.gap", Map.of(Tags.empty(), both ? live.aucRoc() - matured.aucRoc().value() : Double.NaN));
        set("ml.model.auc.roc.gap.lower", Map.of(Tags.empty(), both ? -3 * matured.aucRoc().standardError() : Double.NaN));
    }

    /** The hold-out AUC's range over chunks that the estimated AUC is compared with (null: the card has none). */
    void aucReference(EstimationReference.AucRange range) {
        set("ml.model.auc.roc.reference.lower", range == null ? Map.of() : Map.of(Tags.empty(), range.lower()));
        set("ml.model.auc.roc.reference.upper", range == null ? Map.of() : Map.of(Tags.empty(), range.upper()));
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

    /**
     * Champion against challenger: the comparison over mature outcomes both scored ({@code null}: too
     * few, all absent), and the swap set of the drift window ({@code swap}: null when too few
     * predictions had a challenger); {@code version} is the challenger's (null: none seen).
     */
    void challenger(String version, ChallengerComparison comparison, SwapSet swap) {
        Map<String, Map<Tags, Double>> rows = new HashMap<>();
        GAUGES.keySet().stream().filter(name -> name.startsWith("ml.challenger.")).forEach(name -> rows.put(name, new HashMap<>()));
        if (version != null && comparison != null) {
            Tags challenger = Tags.of(CHALLENGER_VERSION, version);
            PairedDeLong test = comparison.pairedDeLong();
            rows.get("ml.challenger.compared.outcomes").put(challenger, (double) (test.positives() + test.negatives()));
            rows.get("ml.challenger.auc.roc").put(challenger.and(ROLE, "champion"), test.aucA());
            rows.get("ml.challenger.auc.roc").put(challenger.and(ROLE, "challenger"), test.aucB());
            rows.get("ml.challenger.auc.difference").put(challenger, test.difference());
            rows.get("ml.challenger.delong.z").put(challenger, test.z());
            rows.get("ml.challenger.delong.p.value").put(challenger, test.pValueBBetter());
            rows.get("ml.challenger.traffic.light").put(challenger, (double) comparison.light().code());
            rows.get("ml.challenger.observed.default.rate").put(challenger, comparison.champion().portfolio().observedRate());
            for (var role : Map.of("champion", comparison.champion(), "challenger", comparison.challenger()).entrySet()) {
                Tags tags = challenger.and(ROLE, role.getKey());
                rows.get("ml.challenger.mean.pd").put(tags, role.getValue().portfolio().meanPd());
                rows.get("ml.challenger.jeffreys.p.value").put(tags, role.getValue().portfolio().jeffreysPValue());
                if (role.getValue().hosmerLemeshow() != null) {
                    rows.get("ml.challenger.hosmer.lemeshow.p.value").put(tags, role.getValue().hosmerLemeshow().pValue());
                }
            }
        }
        if (version != null && swap != null) {
            Tags challenger = Tags.of(CHALLENGER_VERSION, version);
            rows.get("ml.challenger.swap.set.ratio").put(challenger.and(DIRECTION, "swap_in"), swap.swapInShare());
            rows.get("ml.challenger.swap.set.ratio").put(challenger.and(DIRECTION, "swap_out"), swap.swapOutShare());
            rows.get("ml.challenger.window.predictions").put(challenger, (double) swap.predictions());
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
        for (var source : Map.of("live", Optional.ofNullable(live), "reference", Optional.ofNullable(reference)).entrySet()) {
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

    /** The vintages, oldest first, and the seasoning curve they were computed with (null: none, all absent). */
    void vintages(List<VintageBook.Vintage> vintages, SeasoningCurve curve) {
        Map<String, Map<Tags, Double>> rows = new HashMap<>();
        for (String name : VINTAGE_GAUGES) {
            rows.put(name, new HashMap<>());
        }
        for (VintageBook.Vintage vintage : vintages) {
            Tags cohort = Tags.of(COHORT, vintage.cohort().toString());
            rows.get("ml.vintage.applications").put(cohort, (double) vintage.applications());
            rows.get("ml.vintage.mean.pd").put(cohort, vintage.meanPd());
            rows.get("ml.vintage.months.on.book").put(cohort, (double) vintage.monthsOnBook());
            rows.get("ml.vintage.defaults").put(cohort, (double) vintage.defaults());
            rows.get("ml.vintage.expected.defaults").put(cohort, vintage.expectedDefaults());
            vintage.observedRate().forEach((months, rate) -> rows.get("ml.vintage.observed.default.rate")
                    .put(cohort.and(MONTHS_ON_BOOK, months.toString()), rate));
            vintage.expectedRate().forEach((months, rate) -> rows.get("ml.vintage.expected.default.rate")
                    .put(cohort.and(MONTHS_ON_BOOK, months.toString()), rate));
            Map<Tags, Double> shares = rows.get("ml.vintage.outcomes.share");
            shares.put(cohort.and(OUTCOME, "mature"), vintage.matureShare());
            shares.put(cohort.and(OUTCOME, "censored"), vintage.censoredShare());
            shares.put(cohort.and(OUTCOME, "none"), vintage.noOutcomeShare());
            if (vintage.earlyDefaults() != null) {
                rows.get("ml.vintage.early.defaults.p.value").put(cohort, vintage.earlyDefaults().pValue());
                rows.get("ml.vintage.early.defaults.traffic.light").put(cohort,
                        (double) vintage.earlyDefaults().light().code());
            }
        }
        if (curve != null) {
            String source = "store".equals(curve.source()) ? "store" : "card";
            for (int months : VintageBook.MILESTONES) {
                if (months <= curve.windowMonths()) {
                    rows.get("ml.vintage.seasoning.share").put(Tags.of(MONTHS_ON_BOOK, Integer.toString(months),
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
            reference.meanAbsoluteContributions().forEach((feature, value) ->
                    means.put(Tags.of(FEATURE, feature, SOURCE, "holdout"), value));
        }
        Map<Tags, Double> shares = new HashMap<>();
        if (report != null) {
            for (Feature feature : Feature.ALL) {
                means.put(Tags.of(FEATURE, feature.jsonName(), SOURCE, "live"),
                        report.meanAbsoluteContributions()[feature.ordinal()]);
            }
            report.firstReasonShares().forEach((code, share) -> shares.put(Tags.of(CODE, code), share));
        }
        set("ml.feature.contribution.mean.absolute", means);
        set("ml.decline.reason.share", shares);
        set("ml.decline.reason.declines", report == null || shares.isEmpty() ? Map.of()
                : Map.of(Tags.empty(), (double) report.declines()));
        set("ml.model.attribution.ndcg", Map.of(Tags.empty(), report == null ? Double.NaN : report.ndcg()));
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
    private void qualityGauge(String name, QualityReport live, ToDoubleFunction<QualityReport> value, double holdout,
                              PerformanceEstimate estimated, Function<PerformanceEstimate, PerformanceEstimate.Estimate> estimate) {
        Map<Tags, Double> rows = new HashMap<>(3);
        rows.put(Tags.of(SOURCE, "holdout"), holdout);
        rows.put(Tags.of(SOURCE, "live"), live == null ? Double.NaN : value.applyAsDouble(live));
        if (estimate != null) {
            PerformanceEstimate.Estimate figure = estimated == null ? null : estimate.apply(estimated);
            rows.put(Tags.of(SOURCE, ESTIMATED), figure == null ? Double.NaN : figure.value());
            band(name, figure);
        }
        set(name, rows);
    }

    /** {@code name.lower} and {@code name.upper}: the estimate's band, absent (NaN) with the estimate or its standard error. */
    private void band(String name, PerformanceEstimate.Estimate estimate) {
        set(name + ".lower", estimatedRow(estimate == null ? Double.NaN : estimate.lower()));
        set(name + ".upper", estimatedRow(estimate == null ? Double.NaN : estimate.upper()));
    }

    private static Map<Tags, Double> estimatedRow(double value) {
        return Map.of(Tags.of(SOURCE, ESTIMATED), value);
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
    private synchronized void set(String name, Map<Tags, Double> published) {
        Map<Tags, Double> rows = withModelVersion(name, published);
        String scope = aboutTheModel(name) ? modelVersion : null;
        Map<Tags, Series> current = gauges.computeIfAbsent(name, key -> new HashMap<>());
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
                Gauge gauge = Gauge.builder(name, bits, held -> Double.longBitsToDouble(held.get()))
                        .description(describe(name)).tags(key).strongReference(true).register(registry);
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
        return tags.stream().filter(tag -> tag.getKey().equals(MODEL_VERSION)).map(io.micrometer.core.instrument.Tag::getValue)
                .findFirst().orElse(null);
    }

    private Map<Tags, Double> withModelVersion(String name, Map<Tags, Double> published) {
        if (modelVersion == null || !aboutTheModel(name)) {
            return published;
        }
        Map<Tags, Double> rows = new HashMap<>(published.size());
        published.forEach((tags, value) -> rows.put(tags.and(MODEL_VERSION, modelVersion), value));
        return rows;
    }

    /** Every gauge but the host's and the exporter's own is about the monitored model. */
    private static boolean aboutTheModel(String name) {
        return !name.startsWith("system.") && !name.startsWith("ml.exporter.") && !name.equals("ml.service.uptime.seconds");
    }

    private static String describe(String name) {
        String description = GAUGES.get(name);
        if (description == null) {
            throw new IllegalArgumentException("gauge " + name + " is not in the catalogue");
        }
        return description;
    }

    /** One published series and the value it reads. */
    private record Series(Gauge gauge, AtomicLong value) {
    }
}

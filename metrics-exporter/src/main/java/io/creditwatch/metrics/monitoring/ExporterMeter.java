package io.creditwatch.metrics.monitoring;

import io.creditwatch.service.metrics.MeterKind;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.docs.MeterDocumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import static io.creditwatch.service.metrics.MeterKind.COUNTER;
import static io.creditwatch.service.metrics.MeterKind.GAUGE;

/**
 * The catalogue of the exporter's meters: each one's name, type, description (its {@code # HELP}
 * text) and tag keys, and whether it is about a model version (then it also carries
 * {@code model_version}). {@link ExporterMetrics} builds every meter from its entry here, and the
 * tables of docs/monitoring.md ("## What it computes" and "### Champion and challenger") are
 * checked against this catalogue by {@code ExporterMeterTests}.
 *
 * <p>Names are Micrometer's, dot-separated; {@link #prometheusName()} is the family a scrape shows
 * ({@code ml.exporter.rows.processed} is {@code ml_exporter_rows_processed_total}).
 *
 * <p>No meter here is a function counter. The counters count events of a cycle that no object
 * keeps a running total of: rows read, failed cycles and rejected rows are counted only here; the
 * cycle's count of unmonitored rows by version is not monotonic (a version's count is removed when
 * that version becomes monitored), so it cannot back a counter.
 */
public enum ExporterMeter implements MeterDocumentation {

    MODEL_ACCURACY("ml.model.accuracy", GAUGE, Scope.MODEL, Key.SOURCE,
            "Accuracy; source=live: newest mature outcomes of complete cohorts, source=holdout: the model card, source=estimated: expected over the drift window (CBPE)"),
    MODEL_PRECISION("ml.model.precision", GAUGE, Scope.MODEL, Key.SOURCE,
            "Precision of the default class; source=live, holdout or estimated"),
    MODEL_RECALL("ml.model.recall", GAUGE, Scope.MODEL, Key.SOURCE,
            "Recall of the default class; source=live, holdout or estimated"),
    MODEL_F1_SCORE("ml.model.f1.score", GAUGE, Scope.MODEL, Key.SOURCE,
            "F1 score of the default class; source=live, holdout or estimated"),
    MODEL_AUC_ROC("ml.model.auc.roc", GAUGE, Scope.MODEL, Key.SOURCE,
            "Area under the ROC curve; source=live, holdout or estimated"),
    MODEL_ACCURACY_LOWER("ml.model.accuracy.lower", GAUGE, Scope.MODEL, Key.SOURCE,
            "Lower end of the estimated accuracy's sampling band (3 standard errors); source=estimated"),
    MODEL_ACCURACY_UPPER("ml.model.accuracy.upper", GAUGE, Scope.MODEL, Key.SOURCE,
            "Upper end of the estimated accuracy's sampling band (3 standard errors); source=estimated"),
    MODEL_PRECISION_LOWER("ml.model.precision.lower", GAUGE, Scope.MODEL, Key.SOURCE,
            "Lower end of the estimated precision's sampling band (3 standard errors); source=estimated"),
    MODEL_PRECISION_UPPER("ml.model.precision.upper", GAUGE, Scope.MODEL, Key.SOURCE,
            "Upper end of the estimated precision's sampling band (3 standard errors); source=estimated"),
    MODEL_RECALL_LOWER("ml.model.recall.lower", GAUGE, Scope.MODEL, Key.SOURCE,
            "Lower end of the estimated recall's sampling band (3 standard errors); source=estimated"),
    MODEL_RECALL_UPPER("ml.model.recall.upper", GAUGE, Scope.MODEL, Key.SOURCE,
            "Upper end of the estimated recall's sampling band (3 standard errors); source=estimated"),
    MODEL_F1_SCORE_LOWER("ml.model.f1.score.lower", GAUGE, Scope.MODEL, Key.SOURCE,
            "Lower end of the estimated F1 score's sampling band (3 standard errors); source=estimated"),
    MODEL_F1_SCORE_UPPER("ml.model.f1.score.upper", GAUGE, Scope.MODEL, Key.SOURCE,
            "Upper end of the estimated F1 score's sampling band (3 standard errors); source=estimated"),
    MODEL_AUC_ROC_LOWER("ml.model.auc.roc.lower", GAUGE, Scope.MODEL, Key.SOURCE,
            "Lower end of the estimated AUC's sampling band (3 standard errors); source=estimated"),
    MODEL_AUC_ROC_UPPER("ml.model.auc.roc.upper", GAUGE, Scope.MODEL, Key.SOURCE,
            "Upper end of the estimated AUC's sampling band (3 standard errors); source=estimated"),
    MODEL_EXPECTED_DEFAULT_RATE("ml.model.expected.default.rate", GAUGE, Scope.MODEL, Key.SOURCE,
            "Expected default rate of the drift window: mean calibrated PD; source=estimated"),
    MODEL_EXPECTED_DEFAULT_RATE_LOWER("ml.model.expected.default.rate.lower", GAUGE, Scope.MODEL, Key.SOURCE,
            "Lower end of the expected default rate's sampling band (3 standard errors); source=estimated"),
    MODEL_EXPECTED_DEFAULT_RATE_UPPER("ml.model.expected.default.rate.upper", GAUGE, Scope.MODEL, Key.SOURCE,
            "Upper end of the expected default rate's sampling band (3 standard errors); source=estimated"),
    MODEL_AUC_ROC_REFERENCE_LOWER("ml.model.auc.roc.reference.lower", GAUGE, Scope.MODEL,
            "Lower end of the hold-out AUC's range over chunks (mean - 3 sd), from the model card"),
    MODEL_AUC_ROC_REFERENCE_UPPER("ml.model.auc.roc.reference.upper", GAUGE, Scope.MODEL,
            "Upper end of the hold-out AUC's range over chunks (mean + 3 sd), from the model card"),
    MODEL_AUC_ROC_GAP("ml.model.auc.roc.gap", GAUGE, Scope.MODEL,
            "Realized live AUC minus the AUC estimated from the served probabilities of the same mature outcomes"),
    MODEL_AUC_ROC_GAP_LOWER("ml.model.auc.roc.gap.lower", GAUGE, Scope.MODEL,
            "Lower end of the gap's sampling band: minus 3 standard errors of the AUC estimated over the same mature outcomes"),
    MODEL_GINI("ml.model.gini", GAUGE, Scope.MODEL, Key.SOURCE,
            "Gini coefficient (2 AUC - 1); source=live or holdout"),
    MODEL_KS("ml.model.ks", GAUGE, Scope.MODEL, Key.SOURCE,
            "Kolmogorov-Smirnov statistic between defaulters' and payers' scores; source=live or holdout"),
    MODEL_LABELLED_PREDICTIONS("ml.model.labelled.predictions", GAUGE, Scope.MODEL, Key.SOURCE,
            "Predictions with a mature outcome behind the quality figures; source=live or holdout"),
    DATA_DRIFT_SCORE("ml.data.drift.score", GAUGE, Scope.MODEL,
            "Largest feature PSI of the drift window against the training data"),
    DATA_DRIFT_DETECTED("ml.data.drift.detected", GAUGE, Scope.MODEL,
            "1 when the drift score is above 0.25, else 0"),
    FEATURE_PSI("ml.feature.psi", GAUGE, Scope.MODEL, Key.FEATURE,
            "Population stability index of each feature against the training data"),
    PREDICTION_SCORE_PSI("ml.prediction.score.psi", GAUGE, Scope.MODEL,
            "PSI of the predicted probabilities against the hold-out scores"),
    DRIFT_WINDOW_PREDICTIONS("ml.drift.window.predictions", GAUGE, Scope.MODEL,
            "Predictions in the drift window"),
    DATA_QUALITY_MISSING_VALUES_PERCENT("ml.data.quality.missing.values.percent", GAUGE, Scope.MODEL,
            "Missing cells over all cells of the drift window, in percent"),
    DATA_QUALITY_OUTLIERS_PERCENT("ml.data.quality.outliers.percent", GAUGE, Scope.MODEL,
            "Values outside the training fences over present values, in percent"),
    FEATURE_MISSING_VALUES_PERCENT("ml.feature.missing.values.percent", GAUGE, Scope.MODEL, Key.FEATURE,
            "Applications with the feature missing in the drift window, in percent"),
    FEATURE_OUTLIERS_PERCENT("ml.feature.outliers.percent", GAUGE, Scope.MODEL, Key.FEATURE,
            "Present values of the feature outside the training fences, in percent"),
    FEATURE_MISSING_VALUES_REFERENCE_PERCENT("ml.feature.missing.values.reference.percent", GAUGE, Scope.MODEL,
            Key.FEATURE,
            "Rows with the feature missing in the training data, in percent"),
    FEATURE_OUTLIERS_REFERENCE_PERCENT("ml.feature.outliers.reference.percent", GAUGE, Scope.MODEL, Key.FEATURE,
            "Values of the feature outside the fences in the training data, in percent"),
    FEATURE_OUT_OF_DOMAIN_VALUES("ml.feature.out.of.domain.values", GAUGE, Scope.MODEL, Key.FEATURE,
            "Values of the feature outside its valid domain in the drift window"),
    VALIDATION_AUC_STANDARD_ERROR("ml.validation.auc.standard.error", GAUGE, Scope.MODEL,
            "DeLong standard error of the live AUC"),
    VALIDATION_AUC_CI_LOWER("ml.validation.auc.ci.lower", GAUGE, Scope.MODEL,
            "Lower end of the live AUC's 95% confidence interval (DeLong)"),
    VALIDATION_AUC_CI_UPPER("ml.validation.auc.ci.upper", GAUGE, Scope.MODEL,
            "Upper end of the live AUC's 95% confidence interval (DeLong)"),
    VALIDATION_AUC_TEST_P_VALUE("ml.validation.auc.test.p.value", GAUGE, Scope.MODEL,
            "One-sided p-value of the live AUC against the AUC at initial validation"),
    VALIDATION_AUC_TEST_TRAFFIC_LIGHT("ml.validation.auc.test.traffic.light", GAUGE, Scope.MODEL,
            "AUC test light: 0 green, 1 yellow (p <= 0.05), 2 red (p <= 0.001)"),
    VALIDATION_LABELLED_PREDICTIONS("ml.validation.labelled.predictions", GAUGE, Scope.MODEL, Key.GRADE,
            "Labelled predictions in each grade; grade=portfolio for the window"),
    VALIDATION_DEFAULTS("ml.validation.defaults", GAUGE, Scope.MODEL, Key.GRADE,
            "Observed defaults in each grade; grade=portfolio for the window"),
    VALIDATION_OBSERVED_DEFAULT_RATE("ml.validation.observed.default.rate", GAUGE, Scope.MODEL, Key.GRADE,
            "Observed default rate of each grade; grade=portfolio for the window"),
    VALIDATION_MEAN_PD("ml.validation.mean.pd", GAUGE, Scope.MODEL, Key.GRADE,
            "Mean predicted PD of each grade; grade=portfolio for the window"),
    VALIDATION_OBSERVED_EXPECTED_RATIO("ml.validation.observed.expected.ratio", GAUGE, Scope.MODEL, Key.GRADE,
            "Observed over expected defaults of each grade"),
    VALIDATION_JEFFREYS_P_VALUE("ml.validation.jeffreys.p.value", GAUGE, Scope.MODEL, Key.GRADE,
            "Jeffreys test p-value that the grade's PD is too low"),
    VALIDATION_JEFFREYS_TRAFFIC_LIGHT("ml.validation.jeffreys.traffic.light", GAUGE, Scope.MODEL, Key.GRADE,
            "Jeffreys test light: 0 green, 1 yellow, 2 red"),
    VALIDATION_BINOMIAL_P_VALUE("ml.validation.binomial.p.value", GAUGE, Scope.MODEL, Key.GRADE,
            "Two-sided exact binomial test p-value of the grade's PD"),
    VALIDATION_BINOMIAL_TRAFFIC_LIGHT("ml.validation.binomial.traffic.light", GAUGE, Scope.MODEL, Key.GRADE,
            "Binomial test light: 0 green, 1 yellow, 2 red"),
    VALIDATION_HOSMER_LEMESHOW_STATISTIC("ml.validation.hosmer.lemeshow.statistic", GAUGE, Scope.MODEL,
            "Hosmer-Lemeshow statistic over the grades"),
    VALIDATION_HOSMER_LEMESHOW_DEGREES_OF_FREEDOM("ml.validation.hosmer.lemeshow.degrees.of.freedom", GAUGE,
            Scope.MODEL,
            "Degrees of freedom of the Hosmer-Lemeshow test (the number of grades)"),
    VALIDATION_HOSMER_LEMESHOW_P_VALUE("ml.validation.hosmer.lemeshow.p.value", GAUGE, Scope.MODEL,
            "Hosmer-Lemeshow p-value over the grades"),
    VALIDATION_HOSMER_LEMESHOW_TRAFFIC_LIGHT("ml.validation.hosmer.lemeshow.traffic.light", GAUGE, Scope.MODEL,
            "Hosmer-Lemeshow light: 0 green, 1 yellow, 2 red"),
    VALIDATION_RANK_ORDERING_PAIRS_TESTED("ml.validation.rank.ordering.pairs.tested", GAUGE, Scope.MODEL,
            "Adjacent grade pairs with enough labels to compare"),
    VALIDATION_RANK_ORDERING_INVERSIONS("ml.validation.rank.ordering.inversions", GAUGE, Scope.MODEL,
            "Adjacent grade pairs whose observed default rates run the wrong way"),
    VALIDATION_RANK_ORDERING_SIGNIFICANT_INVERSIONS("ml.validation.rank.ordering.significant.inversions", GAUGE,
            Scope.MODEL,
            "Inversions significant at 95% (one-sided Fisher exact test)"),
    GRADE_SHARE("ml.grade.share", GAUGE, Scope.MODEL, Key.SOURCE, Key.GRADE,
            "Share of predictions in each grade; source=live: drift window, source=reference: hold-out"),
    VALIDATION_HERFINDAHL_INDEX("ml.validation.herfindahl.index", GAUGE, Scope.MODEL, Key.SOURCE,
            "Herfindahl index of the grade distribution; source=live or reference"),
    VINTAGE_APPLICATIONS("ml.vintage.applications", GAUGE, Scope.MODEL, Key.COHORT,
            "Applications of each cohort (application month)"),
    VINTAGE_MEAN_PD("ml.vintage.mean.pd", GAUGE, Scope.MODEL, Key.COHORT,
            "Mean predicted PD of each cohort"),
    VINTAGE_MONTHS_ON_BOOK("ml.vintage.months.on.book", GAUGE, Scope.MODEL, Key.COHORT,
            "Whole months every application of the cohort has been on book"),
    VINTAGE_DEFAULTS("ml.vintage.defaults", GAUGE, Scope.MODEL, Key.COHORT,
            "Defaults of each cohort observed to date"),
    VINTAGE_EXPECTED_DEFAULTS("ml.vintage.expected.defaults", GAUGE, Scope.MODEL, Key.COHORT,
            "Defaults of each cohort expected to date: each PD times the seasoning curve's share at its age"),
    VINTAGE_OBSERVED_DEFAULT_RATE("ml.vintage.observed.default.rate", GAUGE, Scope.MODEL, Key.COHORT,
            Key.MONTHS_ON_BOOK,
            "Cumulative observed default rate of each cohort by months on book (months reached only)"),
    VINTAGE_EXPECTED_DEFAULT_RATE("ml.vintage.expected.default.rate", GAUGE, Scope.MODEL, Key.COHORT,
            Key.MONTHS_ON_BOOK,
            "Mean PD of each cohort times the seasoning curve's share by months on book"),
    VINTAGE_OUTCOMES_SHARE("ml.vintage.outcomes.share", GAUGE, Scope.MODEL, Key.COHORT, Key.OUTCOME,
            "Share of each cohort's applications with a mature outcome, a censored one (performing so far) or none"),
    VINTAGE_EARLY_DEFAULTS_P_VALUE("ml.vintage.early.defaults.p.value", GAUGE, Scope.MODEL, Key.COHORT,
            "One-sided binomial p-value of a young cohort's defaults to date against those expected to date"),
    VINTAGE_EARLY_DEFAULTS_TRAFFIC_LIGHT("ml.vintage.early.defaults.traffic.light", GAUGE, Scope.MODEL, Key.COHORT,
            "Early-default test light: 0 green, 1 yellow (p <= 0.05), 2 red (p <= 0.001)"),
    VINTAGE_SEASONING_SHARE("ml.vintage.seasoning.share", GAUGE, Scope.MODEL, Key.MONTHS_ON_BOOK, Key.SOURCE,
            "Seasoning curve in use: share of window defaults by months on book; source=store (estimated) or card"),
    DECLINE_REASON_SHARE("ml.decline.reason.share", GAUGE, Scope.MODEL, Key.CODE,
            "Share of the drift window's declines (predicted default) whose first reason has this code; code=none: no feature raised the risk"),
    DECLINE_REASON_DECLINES("ml.decline.reason.declines", GAUGE, Scope.MODEL,
            "Declines in the drift window behind the reason shares"),
    FEATURE_CONTRIBUTION_MEAN_ABSOLUTE("ml.feature.contribution.mean.absolute", GAUGE, Scope.MODEL, Key.FEATURE,
            Key.SOURCE,
            "Mean absolute contribution of the feature to the log-odds of default (exact TreeSHAP); source=live: drift window, source=holdout: reference profile"),
    MODEL_ATTRIBUTION_NDCG("ml.model.attribution.ndcg", GAUGE, Scope.MODEL,
            "nDCG of the drift window's ranking of features by mean absolute contribution against the hold-out's; 1 is the same ranking, below 0.9 is attribution drift"),
    CHALLENGER_COMPARED_OUTCOMES("ml.challenger.compared.outcomes", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "Mature outcomes of applicants scored by both the champion and the challenger, behind the comparison"),
    CHALLENGER_AUC_ROC("ml.challenger.auc.roc", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION, Key.ROLE,
            "AUC of each model over the same compared outcomes; role=champion or challenger"),
    CHALLENGER_AUC_DIFFERENCE("ml.challenger.auc.difference", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "Challenger's AUC minus the champion's over the same compared outcomes"),
    CHALLENGER_DELONG_Z("ml.challenger.delong.z", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "Paired DeLong statistic of the AUC difference (challenger minus champion over its standard error)"),
    CHALLENGER_DELONG_P_VALUE("ml.challenger.delong.p.value", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "One-sided paired DeLong p-value that the challenger ranks better; below 0.01 raises ModelChallengerOutperforms"),
    CHALLENGER_TRAFFIC_LIGHT("ml.challenger.traffic.light", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "Paired DeLong light: 0 green (no evidence the challenger ranks better), 1 yellow (p <= 0.05), 2 red (p <= 0.001)"),
    CHALLENGER_MEAN_PD("ml.challenger.mean.pd", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION, Key.ROLE,
            "Mean PD of each model over the compared outcomes; role=champion or challenger"),
    CHALLENGER_OBSERVED_DEFAULT_RATE("ml.challenger.observed.default.rate", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "Observed default rate of the compared outcomes"),
    CHALLENGER_JEFFREYS_P_VALUE("ml.challenger.jeffreys.p.value", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION, Key.ROLE,
            "Portfolio Jeffreys test p-value that the model's PDs are too low; role=champion or challenger"),
    CHALLENGER_HOSMER_LEMESHOW_P_VALUE("ml.challenger.hosmer.lemeshow.p.value", GAUGE, Scope.MODEL,
            Key.CHALLENGER_VERSION, Key.ROLE,
            "Hosmer-Lemeshow p-value of each model over the champion's grades; role=champion or challenger"),
    CHALLENGER_SWAP_SET_RATIO("ml.challenger.swap.set.ratio", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION, Key.DIRECTION,
            "Share of the drift window's applicants the two models decide differently at the cut-off; direction=swap_in (challenger approves, champion declines) or swap_out"),
    CHALLENGER_WINDOW_PREDICTIONS("ml.challenger.window.predictions", GAUGE, Scope.MODEL, Key.CHALLENGER_VERSION,
            "Predictions of the drift window that the challenger scored too"),
    SYSTEM_CPU_USAGE_PERCENT("system.cpu.usage.percent", GAUGE, Scope.OWN,
            "CPU usage of the host, in percent"),
    SYSTEM_MEMORY_USAGE_PERCENT("system.memory.usage.percent", GAUGE, Scope.OWN,
            "Memory usage of the host, in percent"),
    SYSTEM_DISK_USAGE_PERCENT("system.disk.usage.percent", GAUGE, Scope.OWN,
            "Usage of the file system at exporter.disk-path, in percent"),
    SERVICE_UPTIME_SECONDS("ml.service.uptime.seconds", GAUGE, Scope.OWN,
            "Seconds since the exporter started"),
    EXPORTER_LAST_SUCCESS_TIMESTAMP_SECONDS("ml.exporter.last.success.timestamp.seconds", GAUGE, Scope.OWN,
            "Unix time of the end of the last successful monitoring cycle"),
    EXPORTER_CYCLE_DURATION_SECONDS("ml.exporter.cycle.duration.seconds", GAUGE, Scope.OWN,
            "Duration of the last monitoring cycle"),
    EXPORTER_STORE_UP("ml.exporter.store.up", GAUGE, Scope.OWN,
            "1 when the last cycle could read the prediction store, else 0"),
    EXPORTER_ROWS_PROCESSED("ml.exporter.rows.processed", COUNTER, Scope.OWN, Key.KIND,
            "Rows read from the prediction store"),
    EXPORTER_CYCLE_FAILURES("ml.exporter.cycle.failures", COUNTER, Scope.OWN,
            "Monitoring cycles that could not read the store"),
    EXPORTER_ROWS_REJECTED("ml.exporter.rows.rejected", COUNTER, Scope.OWN, Key.KIND,
            "Stored rows skipped because they break the store's contract"),
    EXPORTER_ROWS_UNMONITORED("ml.exporter.rows.unmonitored", COUNTER, Scope.OWN, Key.KIND,
            "Stored rows read of a model version other than the monitored one (MODEL_PATH's): counted, never mixed in");

    /** Whether a meter is about a model version, and so carries {@code model_version}. */
    enum Scope {
        /** About the monitored model version: carries {@code model_version} once a version is monitored. */
        MODEL,
        /** The exporter's own, or the host's: no {@code model_version}. */
        OWN
    }

    /** The tag keys of the exporter's meters. */
    public enum Key implements KeyName {
        SOURCE("source"),
        FEATURE("feature"),
        KIND("kind"),
        GRADE("grade"),
        COHORT("cohort"),
        MONTHS_ON_BOOK("months_on_book"),
        OUTCOME("outcome"),
        CODE("code"),
        ROLE("role"),
        CHALLENGER_VERSION("challenger_version"),
        DIRECTION("direction"),
        MODEL_VERSION("model_version");

        private final String key;

        Key(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    private static final Map<String, ExporterMeter> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(ExporterMeter::getName, Function.identity()));

    private final String name;
    private final MeterKind kind;
    private final Scope scope;
    private final Key[] keys;
    private final String description;

    ExporterMeter(String name, MeterKind kind, Scope scope, Key key, Key second, String description) {
        this(name, kind, scope, new Key[]{key, second}, description);
    }

    ExporterMeter(String name, MeterKind kind, Scope scope, Key key, String description) {
        this(name, kind, scope, new Key[]{key}, description);
    }

    ExporterMeter(String name, MeterKind kind, Scope scope, String description) {
        this(name, kind, scope, new Key[0], description);
    }

    ExporterMeter(String name, MeterKind kind, Scope scope, Key[] keys, String description) {
        this.name = name;
        this.kind = kind;
        this.scope = scope;
        this.keys = keys;
        this.description = description;
    }

    /** The entry of this name; a name not catalogued cannot be published. */
    static ExporterMeter named(String name) {
        ExporterMeter meter = BY_NAME.get(name);
        if (meter == null) {
            throw new IllegalArgumentException(name + " is not in the catalogue");
        }
        return meter;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Meter.Type getType() {
        return kind.type();
    }

    /** Every tag key, {@code model_version} included for a meter about the model. */
    @Override
    public KeyName[] getKeyNames() {
        List<KeyName> names = new ArrayList<>(Arrays.asList(keys));
        if (aboutTheModel()) {
            names.add(Key.MODEL_VERSION);
        }
        return names.toArray(KeyName[]::new);
    }

    public MeterKind kind() {
        return kind;
    }

    /** Whether the meter is about a model version (and carries {@code model_version}). */
    public boolean aboutTheModel() {
        return scope == Scope.MODEL;
    }

    /** The {@code # HELP} text. */
    public String description() {
        return description;
    }

    /** Every tag key of the meter's series, {@code model_version} included for a meter about the model. */
    public List<String> tagKeys() {
        List<String> tagKeys = new ArrayList<>();
        for (Key key : keys) {
            tagKeys.add(key.asString());
        }
        if (aboutTheModel()) {
            tagKeys.add(Key.MODEL_VERSION.asString());
        }
        return tagKeys;
    }

    /** The metric family a Prometheus scrape shows for this meter. */
    public String prometheusName() {
        return kind.prometheusName(name);
    }

    /** The end of this estimate's sampling band: {@code ml.model.accuracy} and {@code lower} is {@code ml.model.accuracy.lower}. */
    ExporterMeter band(String end) {
        return named(name + "." + end);
    }

    /** A counter with these values of the entry's tag keys, in their order. */
    Counter.Builder counter(String... tagValues) {
        if (kind != COUNTER) {
            throw new IllegalStateException(name + " is catalogued as " + kind + ", not a counter");
        }
        if (tagValues.length != keys.length) {
            throw new IllegalArgumentException(
                    name + " is tagged by " + tagKeys() + ", given " + tagValues.length + " values");
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < keys.length; i++) {
            tags = tags.and(keys[i].asString(), tagValues[i]);
        }
        return Counter.builder(name).description(description).tags(tags);
    }

    /**
     * A gauge of one row of the meter, whose tags (as published, before {@code model_version} is
     * added) must be the entry's tag keys.
     */
    <T> Gauge.Builder<T> gauge(Tags published, T state, ToDoubleFunction<T> value) {
        if (kind != GAUGE) {
            throw new IllegalStateException(name + " is catalogued as " + kind + ", not a gauge");
        }
        Set<String> given = published.stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
        given.remove(Key.MODEL_VERSION.asString());
        Set<String> catalogued = Arrays.stream(keys).map(Key::asString).collect(Collectors.toCollection(TreeSet::new));
        if (!given.equals(catalogued)) {
            throw new IllegalArgumentException(name + " is tagged by " + catalogued + ", published with " + given);
        }
        return Gauge.builder(name, state, value).description(description).tags(published);
    }
}

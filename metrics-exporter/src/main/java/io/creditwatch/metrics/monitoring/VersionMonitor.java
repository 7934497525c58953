package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.DistributionProfile;
import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.model.estimation.PerformanceEstimate;
import io.creditwatch.model.estimation.PerformanceEstimator;
import io.creditwatch.model.monitoring.ChallengerComparison;
import io.creditwatch.model.monitoring.CreditValidation;
import io.creditwatch.model.monitoring.GradeConcentration;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.monitoring.ValidationReport;
import io.creditwatch.model.monitoring.ValidationSettings;
import io.creditwatch.model.monitoring.WindowAnalyzer;
import io.creditwatch.model.monitoring.WindowReport;
import io.creditwatch.model.outcome.Maturity;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.outcome.VintageBook;
import io.creditwatch.model.reasons.AttributionReport;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.RankingCurve;
import io.creditwatch.store.StoredOutcome;
import io.creditwatch.store.StoredPrediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model version's monitoring: its bundle (card, reference profile, master scale, hold-out
 * figures, estimator and model) and what is kept of its own predictions and outcomes (drift
 * window, mature outcomes, vintages, the challenger in its shadow). {@link MonitoringCycle} routes
 * each stored row to the monitor of its version and publishes each monitor's gauges under its
 * {@code model_version}. Not thread-safe: the cycle's one thread drives it.
 */
final class VersionMonitor {

    private static final Logger log = LoggerFactory.getLogger(VersionMonitor.class);

    private final ExporterProperties properties;
    private final ValidationSettings validation;
    private final ServedCutOff servedCutOff;
    private final ModelCard card;
    private final ReferenceProfile reference;
    /** The hold-out's metrics at the cut-off the service decides with; NaN where the card has none at it. */
    private final ModelCard.HoldoutMetrics holdout;
    private final Map<String, Double> referenceMissing = new LinkedHashMap<>();
    private final Map<String, Double> referenceOutliers = new LinkedHashMap<>();
    private final PredictionWindow predictions;
    private final MatureOutcomes outcomes;
    private final VintageBook vintages;
    private final PerformanceWindow window;
    /** The bundle's rating grades, or null when it has none (format 1): no grade-based tests then. */
    private final MasterScale scale;
    private final GradeConcentration referenceGrades;
    /** The card's estimator, or null when its card has no calibration map: no estimated figures then. */
    private final PerformanceEstimator estimator;
    /** The bundle's model, explaining each prediction of the drift window; null when it cannot be read. */
    private final CreditScorer explainer;
    /** The version of the newest challenger seen in this version's shadow; null while none was. */
    private String challengerVersion;
    /** The store position of this version's newest prediction read; 0 before one. */
    private long newestSeq;

    /**
     * A monitor of the bundle at {@code bundle}, whose card and profile have been read; its model
     * is read here (null, said once, when it cannot be).
     */
    static VersionMonitor of(ModelCard card, ReferenceProfile reference, Path bundle, ExporterProperties properties,
                             ServedCutOff servedCutOff) {
        return new VersionMonitor(card, reference, explainer(bundle), properties, servedCutOff, true);
    }

    private VersionMonitor(ModelCard card, ReferenceProfile reference, CreditScorer explainer,
                           ExporterProperties properties, ServedCutOff servedCutOff, boolean announce) {
        this.properties = properties;
        this.validation = properties.validation().settings();
        this.servedCutOff = servedCutOff;
        this.card = card;
        this.reference = reference;
        this.explainer = explainer;
        for (DistributionProfile profile : reference.features()) {
            referenceMissing.put(profile.name(), 100 * profile.missingRate());
            referenceOutliers.put(profile.name(), 100 * profile.outlierRate());
        }
        this.predictions = new PredictionWindow(properties.driftWindow());
        this.window = card.window();
        this.outcomes = new MatureOutcomes(window, properties.qualityWindow());
        this.vintages = new VintageBook(window, properties.vintages().cohorts());
        boolean graded = card.masterScale() != null && reference.gradeCounts() != null;
        this.scale = graded ? card.masterScale() : null;
        this.referenceGrades = graded ? GradeConcentration.of(
                reference.gradeCounts().stream().mapToLong(Long::longValue).toArray()) : null;
        Double overridePd = servedCutOff.overridePd();
        if (overridePd == null) {
            this.holdout = card.holdoutAtCutOff();
            this.estimator = PerformanceEstimator.forCard(card).orElse(null);
        } else {
            // the card holds hold-out figures at its own cut-off only
            ModelCard.HoldoutMetrics atCard = card.holdout();
            this.holdout = new ModelCard.HoldoutMetrics(atCard.rows(), atCard.positives(), Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, atCard.aucRoc(), atCard.gini(), atCard.ks());
            this.estimator = PerformanceEstimator.forCard(card, overridePd).orElse(null);
        }
        if (announce) {
            announce(overridePd);
        }
    }

    /** What this version's settings leave out, said once per version. */
    private void announce(Double overridePd) {
        if (scale == null) {
            log.warn("the model bundle (format {}) has no rating grades: the per-grade validation tests, rank ordering "
                    + "and concentration are not published; retrain or re-import it to get them", card.formatVersion());
        }
        if (explainer != null && reference.attribution() == null) {
            log.warn("the reference profile has no attribution (written before reasons): attribution drift is not "
                    + "published; retrain or re-import the model to get it");
        }
        if (overridePd != null) {
            log.warn("the service's cut-off is the deployment's {} (PD {}), not the model card's {}: the hold-out's "
                    + "accuracy, precision, recall and F1 are not published (the card has them at its own cut-off "
                    + "only), and the estimates' bands are the card cut-off's", servedCutOff.override().description(),
                    overridePd, card.cutOff().description());
        }
        if (estimator == null) {
            log.warn("the model's performance is not estimated: {}", PerformanceEstimator.NO_CALIBRATION_MAP);
        }
        if (card.decision() == null && overridePd == null) {
            log.info("the model card has no decision policy (written before cut-offs): the hold-out and estimated "
                    + "figures are at its threshold, PD {}, as the service decides", card.threshold());
        }
    }

    /** The same version with empty windows, for reading the store's history again; nothing is read from disk. */
    VersionMonitor emptied() {
        return new VersionMonitor(card, reference, explainer, properties, servedCutOff, false);
    }

    /** The bundle's model, or null (said once) when it cannot be read: then nothing is explained. */
    private static CreditScorer explainer(Path bundle) {
        try {
            return ModelBundle.read(bundle).scorer();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("the model of the bundle cannot be read ({}): the decisions' reasons and attribution drift are "
                    + "not published", e.getMessage());
            return null;
        }
    }

    String version() {
        return card.modelVersion();
    }

    ModelCard card() {
        return card;
    }

    long newestSeq() {
        return newestSeq;
    }

    String challengerVersion() {
        return challengerVersion;
    }

    int driftWindowSize() {
        return predictions.size();
    }

    int matureOutcomes() {
        return outcomes.counted().size();
    }

    int outcomesWaiting() {
        return outcomes.waiting();
    }

    void advanceTo(LocalDate today) {
        vintages.advanceTo(today);
        outcomes.advanceTo(today);
    }

    /**
     * A valid prediction of this version joins its vintage, and the drift window when it is newer
     * than {@code driftFrom}.
     */
    void addPrediction(StoredPrediction prediction, long driftFrom) {
        newestSeq = Math.max(newestSeq, prediction.seq());
        if (prediction.challenger() != null) {
            challengerVersion = prediction.challenger().modelVersion();
        }
        vintages.addPrediction(PerformanceWindow.utcDate(prediction.predictedAtMillis()), prediction.probability());
        if (prediction.seq() > driftFrom) {
            predictions.add(prediction, explainer == null ? null : explainer.contributions(prediction.features()));
        }
    }

    /**
     * A valid outcome of this version joins its vintage and, once mature, realized quality. An
     * undated one that the store does not hold as final lost to an earlier one before outcomes had
     * dates, and is passed over.
     */
    void addLabel(StoredOutcome label, LocalDate today) {
        if (label.observedAtMillis() == null && !label.isFinal()) {
            return;
        }
        LocalDate applied = PerformanceWindow.utcDate(label.predictedAtMillis());
        LocalDate observed = label.observedAtMillis() == null ? null
                : PerformanceWindow.utcDate(label.observedAtMillis());
        Maturity maturity = window.classify(applied, label.actual(), observed);
        vintages.addOutcome(label.predictionSeq(), applied, maturity, observed);
        outcomes.add(label, maturity, today);
    }

    /** The gauges this version has before anything is read: its bundle's reference figures alone. */
    void publishReference(ExporterMetrics metrics) {
        metrics.monitoring(version());
        metrics.quality(null, holdout, null);
        metrics.aucReference(card.calibration() == null ? null : card.calibration().reference().aucRange());
        metrics.window(null, referenceMissing, referenceOutliers);
        metrics.concentration(null, referenceGrades);
        metrics.attribution(null, reference.attribution());
        metrics.challenger(null, null, null);
    }

    /**
     * Publishes this version's gauges (realized quality, vintages and the challenger's comparison only
     * once {@code caughtUp}, the history read) and returns what was published.
     */
    CycleSnapshot publish(ExporterMetrics metrics, boolean caughtUp, LocalDate today) {
        metrics.monitoring(version());
        OutcomeWindow mature = outcomes.counted();
        int n = caughtUp ? mature.size() : 0;
        double[] probabilities = new double[n];
        int[] predicted = new int[n];
        int[] actual = new int[n];
        if (caughtUp) {
            int i = 0;
            for (OutcomeWindow.MatureOutcome outcome : mature.outcomes()) {
                probabilities[i] = outcome.probability();
                predicted[i] = outcome.predictedClass();
                actual[i++] = outcome.label();
            }
        }
        boolean enoughPredictions = predictions.size() >= properties.minDriftRows();
        double[] scores = enoughPredictions ? predictions.scores() : null;
        PerformanceEstimate estimated = estimator != null && enoughPredictions
                && scores.length >= PerformanceEstimator.MIN_WINDOW_ROWS ? estimator.estimate(scores) : null;
        QualityReport live = n >= properties.minLabels() ? QualityReport.of(probabilities, predicted, actual) : null;
        metrics.quality(live, holdout, estimated);
        PerformanceEstimate matured = estimator != null && n >= PerformanceEstimator.MIN_WINDOW_ROWS
                ? estimator.estimate(probabilities) : null;
        metrics.realizedAgainstEstimated(live, matured);
        ValidationReport tests = CreditValidation.validate(probabilities, actual, scale, card.holdout().aucRoc(),
                validation);
        metrics.validation(tests);
        VintageReport vintageReport = publishVintages(metrics, caughtUp, today);

        WindowReport drift = enoughPredictions ? WindowAnalyzer.analyze(reference, predictions.features(), scores)
                : null;
        metrics.window(drift, referenceMissing, referenceOutliers);
        GradeConcentration liveGrades = scale != null && enoughPredictions ? GradeConcentration.of(scale, scores)
                : null;
        if (scale != null) {
            metrics.concentration(liveGrades, referenceGrades);
        }
        AttributionReport attribution = enoughPredictions && explainer != null ? AttributionReport.of(
                predictions.contributions(), predictions.declined(), card.reasons(), reference.attribution()) : null;
        metrics.attribution(attribution, reference.attribution());
        Shadow shadow = publishChallenger(metrics, mature, caughtUp);

        // the report's curve: the same mature outcomes as the AUC above, drawn only where the AUC is published
        RankingCurve curve = live != null && !Double.isNaN(live.aucRoc())
                ? RankingCurve.of(probabilities, actual, RankingCurve.REPORT_POINTS) : null;
        return new CycleSnapshot(Instant.now(), card, validation, properties.minDriftRows(), properties.minLabels(),
                predictions.size(), predictions.earliest(), predictions.latest(), n, outcomes.waiting(), caughtUp, live,
                curve, estimated, matured,
                card.calibration() == null ? null : card.calibration().reference().aucRange(),
                tests, drift, referenceMissing, referenceOutliers, liveGrades, referenceGrades,
                vintageReport.vintages(),
                vintageReport.curve(), attribution, reference.attribution(), challengerVersion, shadow.comparison(),
                shadow.swap());
    }

    /** What was published of the challenger: each part null when there is none or too little behind it. */
    private record Shadow(ChallengerComparison comparison, SwapSet swap) {
    }

    /**
     * Champion against the newest challenger: over the mature outcomes both scored (once the history
     * is read), and the swap set of the drift window's predictions it scored.
     */
    private Shadow publishChallenger(ExporterMetrics metrics, OutcomeWindow mature, boolean caughtUp) {
        String challenger = challengerVersion;
        if (challenger == null) {
            metrics.challenger(null, null, null);
            return new Shadow(null, null);
        }
        ChallengerComparison comparison = null;
        if (caughtUp) {
            List<OutcomeWindow.MatureOutcome> paired = new ArrayList<>();
            for (OutcomeWindow.MatureOutcome outcome : mature.outcomes()) {
                if (challenger.equals(outcome.challengerVersion())) {
                    paired.add(outcome);
                }
            }
            comparison = ChallengerComparison.of(
                    paired.stream().mapToDouble(OutcomeWindow.MatureOutcome::probability).toArray(),
                    paired.stream().mapToDouble(OutcomeWindow.MatureOutcome::challengerProbability).toArray(),
                    paired.stream().mapToInt(OutcomeWindow.MatureOutcome::label).toArray(), scale,
                    card.holdout().aucRoc(),
                    validation);
        }
        SwapSet swap = predictions.swapSet(challenger);
        SwapSet published = swap.predictions() >= properties.minDriftRows() ? swap : null;
        metrics.challenger(challenger, comparison, published);
        return new Shadow(comparison, published);
    }

    /** The vintages a cycle published and the seasoning curve behind them (null while the history is read). */
    private record VintageReport(List<VintageBook.Vintage> vintages, SeasoningCurve curve) {
    }

    /**
     * The vintages, against the seasoning curve of the store's complete cohorts once they hold
     * enough dated defaults, else the model card's; nothing while the history is still being read.
     */
    private VintageReport publishVintages(ExporterMetrics metrics, boolean caughtUp, LocalDate today) {
        if (!caughtUp) {
            metrics.vintages(List.of(), null);
            return new VintageReport(List.of(), null);
        }
        long[] evidence = vintages.completeDefaultsByMonth(today);
        SeasoningCurve curve = Arrays.stream(evidence).sum() >= properties.vintages().minSeasoningDefaults()
                ? SeasoningCurve.estimate(evidence, "store") : card.seasoning();
        List<VintageBook.Vintage> report = vintages.report(today, curve, validation.levels());
        metrics.vintages(report, curve);
        return new VintageReport(report, curve);
    }
}

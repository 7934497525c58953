package io.creditwatch.metrics.monitoring;

import io.creditwatch.metrics.system.SystemUsage;
import io.creditwatch.model.bundle.DistributionProfile;
import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelBundleException;
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
import io.creditwatch.model.stats.RankingCurve;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.service.ModelBundles;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import io.creditwatch.store.StoredLabel;
import io.creditwatch.store.StoredPrediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One monitoring cycle every {@code exporter.cycle-interval}: reads what is new in the store
 * (by position, so a cycle costs what arrived since the last one, not what the store holds; a
 * row committed late is still read, see {@link SeqCursor}; a row that breaks the store's
 * contract is counted and skipped), keeps the newest predictions, the mature outcomes and the
 * vintages in memory, and publishes realized model quality, the quality estimated from the drift
 * window's served probabilities (when the card has a calibration map), the credit-risk validation tests,
 * vintages and early defaults, drift, grade concentration, data quality, the decisions' reasons and
 * attribution drift (recomputed from the captured features with the bundle's own model: the same
 * numbers the service answered), and system gauges.
 * Realized quality and the validation tests count only mature outcomes of complete cohorts (see
 * {@link MatureOutcomes}). On its first cycles it reads the store's history (at most
 * {@code max-rows-per-cycle} rows a cycle) for the vintages and mature outcomes, publishing them
 * once it has reached the newest rows; drift starts with the predictions of the last window before
 * start-up. A store that is missing or down fails the cycle (health says so) and the next cycle
 * tries again. What a successful cycle published is kept as one {@link CycleSnapshot}, which the
 * validation report is rendered from.
 */
@Component("monitoring")
public class MonitoringCycle implements HealthIndicator, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MonitoringCycle.class);
    private static final int READ_CHUNK = 10_000;

    private final ExporterProperties properties;
    private final PredictionStore store;
    private final ExporterMetrics metrics;
    private final SystemUsage system;
    private final Clock clock;
    private final ValidationSettings validation;
    /** Where the monitored bundle is (MODEL_PATH): read again when its card changes, as the service does. */
    private final Path bundle;
    // The monitored model and what is kept of its predictions and outcomes: replaced together when
    // the bundle at MODEL_PATH becomes another version (see followTheBundle).
    /** The cut-off the service decides with: the card's, or the deployment's override. */
    private final ServedCutOff servedCutOff;
    private ModelCard card;
    /** The hold-out's metrics at the cut-off the service decides with; NaN where the card has none at it. */
    private ModelCard.HoldoutMetrics holdout;
    private volatile String version;
    private FileTime cardTime;
    private ReferenceProfile reference;
    private final Map<String, Double> referenceMissing = new LinkedHashMap<>();
    private final Map<String, Double> referenceOutliers = new LinkedHashMap<>();
    private PredictionWindow predictions;
    private MatureOutcomes outcomes;
    private VintageBook vintages;
    private PerformanceWindow window;
    /** The bundle's rating grades, or null when it has none (format 1): no grade-based tests then. */
    private MasterScale scale;
    private GradeConcentration referenceGrades;
    /** The card's estimator, or null when its card has no calibration map: no estimated figures then. */
    private PerformanceEstimator estimator;
    /** The bundle's model, explaining each prediction of the drift window; null when it cannot be read. */
    private CreditScorer explainer;
    /** The version of the newest challenger seen in the shadow of the monitored model; null while none was. */
    private volatile String challengerVersion;
    /** Rows of model versions other than the monitored one, by version: counted and reported, never mixed in. */
    private final Map<String, AtomicLongArray> otherVersions = new ConcurrentSkipListMap<>();
    private SeqCursor predictionCursor;
    private SeqCursor labelCursor;
    /** Predictions at or below this position were in the store before the exporter started: too old for drift. */
    private long driftFrom;
    /** Whether the cursors have reached the newest rows once: until then vintages and realized quality are partial. */
    private boolean caughtUp;
    private LocalDate today;
    private boolean migrated;
    private volatile Instant lastSuccess;
    private volatile String lastError = "no cycle has run yet";
    private volatile long lastRows;
    private volatile CycleSnapshot snapshot;

    @Autowired
    MonitoringCycle(ExporterProperties properties, PredictionStore store, ExporterMetrics metrics,
                    ServedCutOff servedCutOff) {
        this(properties, store, metrics, Clock.systemUTC(), servedCutOff);
    }

    /** A cycle of a service deciding with the model card's cut-off. */
    MonitoringCycle(ExporterProperties properties, PredictionStore store, ExporterMetrics metrics) {
        this(properties, store, metrics, Clock.systemUTC(), ServedCutOff.NONE);
    }

    /** @param clock whose UTC day decides which outcomes are mature and how old each cohort is */
    MonitoringCycle(ExporterProperties properties, PredictionStore store, ExporterMetrics metrics, Clock clock) {
        this(properties, store, metrics, clock, ServedCutOff.NONE);
    }

    private MonitoringCycle(ExporterProperties properties, PredictionStore store, ExporterMetrics metrics, Clock clock,
                            ServedCutOff servedCutOff) {
        this.properties = properties;
        this.clock = clock;
        this.store = store;
        this.metrics = metrics;
        this.servedCutOff = servedCutOff;
        this.system = new SystemUsage(properties.diskPath());
        this.validation = properties.validation().settings();
        this.bundle = ModelBundles.find(properties.modelPath(), MonitoringCycle.class);
        try {
            FileTime time = Files.getLastModifiedTime(bundle.resolve(ModelBundle.CARD_FILE));
            monitor(ModelBundle.readCard(bundle), ModelBundle.readProfile(bundle), time);
        } catch (IOException | RuntimeException e) {
            throw new ModelBundleException("cannot read the model bundle at " + bundle + " (MODEL_PATH): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Monitors the model of this card and profile from now on, with windows of its own: the rows of
     * the store are read again from the start for its vintages and mature outcomes, and rows of
     * other versions are counted, not mixed in.
     */
    private void monitor(ModelCard card, ReferenceProfile reference, FileTime cardTime) {
        this.card = card;
        this.version = card.modelVersion();
        this.cardTime = cardTime;
        this.reference = reference;
        referenceMissing.clear();
        referenceOutliers.clear();
        for (DistributionProfile profile : reference.features()) {
            referenceMissing.put(profile.name(), 100 * profile.missingRate());
            referenceOutliers.put(profile.name(), 100 * profile.outlierRate());
        }
        this.predictions = new PredictionWindow(properties.driftWindow());
        this.window = card.window();
        this.outcomes = new MatureOutcomes(window, properties.qualityWindow());
        this.vintages = new VintageBook(window, properties.vintages().cohorts());
        if (card.masterScale() == null || reference.gradeCounts() == null) {
            this.scale = null;
            this.referenceGrades = null;
            log.warn("the model bundle (format {}) has no rating grades: the per-grade validation tests, rank ordering "
                    + "and concentration are not published; retrain or re-import it to get them", card.formatVersion());
        } else {
            this.scale = card.masterScale();
            this.referenceGrades = GradeConcentration.of(
                    reference.gradeCounts().stream().mapToLong(Long::longValue).toArray());
        }
        this.explainer = explainer(bundle);
        if (explainer != null && reference.attribution() == null) {
            log.warn("the reference profile has no attribution (written before reasons): attribution drift is not "
                    + "published; retrain or re-import the model to get it");
        }
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
        otherVersions.remove(version);
        metrics.monitoring(version);
        challengerVersion = null;
        metrics.challenger(null, null, null);
        predictionCursor = null;
        labelCursor = null;
        caughtUp = false;
        metrics.quality(null, holdout, null);
        metrics.aucReference(card.calibration() == null ? null : card.calibration().reference().aucRange());
        metrics.window(null, referenceMissing, referenceOutliers);
        metrics.concentration(null, referenceGrades);
        metrics.attribution(null, reference.attribution());
    }

    /**
     * Follows MODEL_PATH as the inference service does: when the card's file has changed and names
     * another model version, that version is monitored from its own bundle from this cycle on, and
     * the previous version's rows become rows of another version. A bundle caught half-written is
     * tried again next cycle.
     */
    private void followTheBundle() {
        try {
            FileTime time = Files.getLastModifiedTime(bundle.resolve(ModelBundle.CARD_FILE));
            if (time.equals(cardTime)) {
                return;
            }
            ModelCard next = ModelBundle.readCard(bundle);
            if (next.modelVersion().equals(version)) {
                cardTime = time;
                return;
            }
            ReferenceProfile profile = ModelBundle.readProfile(bundle);
            log.info("the model at MODEL_PATH is now another version: monitoring it from its own bundle; the previous "
                    + "version's predictions are counted as another version's", kv("model_version", next.modelVersion()),
                    kv("previous_model_version", version), kv("path", bundle.toString()));
            monitor(next, profile, time);
        } catch (IOException | RuntimeException e) {
            log.warn("the model bundle at {} cannot be read now ({}); still monitoring model version {}", bundle,
                    e.getMessage(), version);
        }
    }

    /** A row of another model version: counted by version and kind, said once per version. */
    private void otherVersion(String kind, String rowVersion) {
        AtomicLongArray counts = otherVersions.computeIfAbsent(rowVersion, v -> {
            log.warn("the store holds predictions of model version {}, which is not the model at MODEL_PATH ({}): its "
                    + "predictions and labels are counted in ml_exporter_rows_unmonitored_total, never mixed in", v, version);
            return new AtomicLongArray(2);
        });
        counts.incrementAndGet(kind.equals("predictions") ? 0 : 1);
        metrics.unmonitored(kind);
    }

    /** The bundle's model, or null (said once) when it cannot be read: then nothing is explained. */
    private static CreditScorer explainer(Path bundle) {
        try {
            return ModelBundle.read(bundle).scorer();
        } catch (IOException | RuntimeException e) {
            log.warn("the model of the bundle cannot be read ({}): the decisions' reasons and attribution drift are "
                    + "not published", e.getMessage());
            return null;
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::run, properties.cycleInterval());
    }

    public synchronized void run() {
        long started = System.nanoTime();
        metrics.system(system.cpuPercent(), system.memoryPercent(), system.diskPercent(), system.uptimeSeconds());
        boolean storeUp = true;
        try {
            int[] read = readNewRows();
            metrics.read(read[0], read[1]);
            lastRows = read[0] + (long) read[1];
        } catch (SQLException | RuntimeException e) {
            storeUp = false;
            lastError = StoreFailures.describe(e);
            log.warn("monitoring cycle cannot read the store: {}", lastError);
        }
        if (storeUp) {
            try {
                publish();
                lastSuccess = Instant.now();
                lastError = null;
            } catch (RuntimeException e) {
                lastError = "computing the gauges failed: " + StoreFailures.describe(e);
                log.error("monitoring cycle failed", e);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        metrics.cycle(storeUp, seconds, lastSuccess == null ? null : lastSuccess.toEpochMilli() / 1000.0);
        if (storeUp) {
            log.debug("monitoring cycle", kv("duration_ms", Math.round(seconds * 1000)), kv("rows_read", lastRows),
                    kv("drift_window", predictions.size()), kv("mature_outcomes", outcomes.counted().size()),
                    kv("outcomes_waiting_for_maturity", outcomes.waiting()));
        }
    }

    /** Reads the predictions and labels added since the last cycle; returns how many of each. */
    private int[] readNewRows() throws SQLException {
        if (!migrated) {
            store.migrate();
            migrated = true;
        }
        followTheBundle();
        long patience = properties.lateCommitPatience().toMillis();
        if (predictionCursor == null) {
            // vintages and mature outcomes need the store's history; drift only the newest window
            driftFrom = Math.max(0, store.lastPredictionSeq() - properties.driftWindow());
            predictionCursor = new SeqCursor(0, patience);
            labelCursor = new SeqCursor(0, patience);
        }
        long now = clock.millis();
        today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        vintages.advanceTo(today);
        outcomes.advanceTo(today);
        int[] predictionsRead = readAfter(predictionCursor, store::predictionsAfter, StoredPrediction::seq,
                this::addPrediction, now);
        int[] labelsRead = readAfter(labelCursor, store::labelsAfter, StoredLabel::seq, this::addLabel, now);
        predictionCursor.expire(now);
        labelCursor.expire(now);
        caughtUp |= predictionsRead[1] < properties.maxRowsPerCycle() && labelsRead[1] < properties.maxRowsPerCycle();
        return new int[]{predictionsRead[0], labelsRead[0]};
    }

    /**
     * Reads the rows the cursor has not taken yet, in chunks; returns how many new rows were read and
     * how many were scanned. Rows read again above an open gap count toward the per-cycle limit too,
     * so a cycle's work is bounded even while a gap stays open for its whole patience.
     */
    private <T> int[] readAfter(SeqCursor cursor, Reader<T> reader, ToLongFunction<T> seq, Consumer<T> window,
                              long now) throws SQLException {
        int read = 0;
        int scanned = 0;
        long after = cursor.readAfter();
        while (scanned < properties.maxRowsPerCycle()) {
            List<T> chunk = reader.after(after, Math.min(READ_CHUNK, properties.maxRowsPerCycle() - scanned));
            if (chunk.isEmpty()) {
                break;
            }
            scanned += chunk.size();
            for (T row : chunk) {
                if (cursor.accept(seq.applyAsLong(row), now)) {
                    window.accept(row);
                    read++;
                }
            }
            after = seq.applyAsLong(chunk.get(chunk.size() - 1));
        }
        return new int[]{read, scanned};
    }

    /**
     * A prediction joins its vintage, and the drift window when it is new enough, unless it breaks the
     * store's contract (then it is counted and skipped).
     */
    private void addPrediction(StoredPrediction prediction) {
        if (!version.equals(prediction.modelVersion())) {
            otherVersion("predictions", prediction.modelVersion());
        } else if (isProbability(prediction.probability()) && isBinary(prediction.predictedClass())) {
            if (prediction.challenger() != null) {
                challengerVersion = prediction.challenger().modelVersion();
            }
            vintages.addPrediction(PerformanceWindow.utcDate(prediction.predictedAtMillis()), prediction.probability());
            if (prediction.seq() > driftFrom) {
                predictions.add(prediction, explainer == null ? null : explainer.contributions(prediction.features()));
            }
        } else {
            reject("predictions", prediction.seq(), prediction.predictionId());
        }
    }

    /**
     * An outcome joins its vintage and, once mature, realized quality. An undated one that the store
     * does not hold as final lost to an earlier one before outcomes had dates, and is passed over.
     */
    private void addLabel(StoredLabel label) {
        if (!version.equals(label.modelVersion())) {
            otherVersion("labels", label.modelVersion());
        } else if (isBinary(label.actual()) && isProbability(label.probability()) && isBinary(label.predictedClass())) {
            if (label.observedAtMillis() == null && !label.isFinal()) {
                return;
            }
            LocalDate applied = PerformanceWindow.utcDate(label.predictedAtMillis());
            LocalDate observed = label.observedAtMillis() == null ? null : PerformanceWindow.utcDate(label.observedAtMillis());
            Maturity maturity = window.classify(applied, label.actual(), observed);
            vintages.addOutcome(label.predictionSeq(), applied, maturity, observed);
            outcomes.add(label, maturity, today);
        } else {
            reject("labels", label.seq(), label.predictionId());
        }
    }

    private void reject(String kind, long seq, String predictionId) {
        metrics.rejected(kind);
        log.warn("skipped a stored row that breaks the store's contract (a probability outside [0, 1], or a class "
                + "or outcome other than 0 and 1)", kv("kind", kind), kv("seq", seq), kv("prediction_id", predictionId));
    }

    private static boolean isProbability(double value) {
        return value >= 0 && value <= 1;
    }

    private static boolean isBinary(int value) {
        return value == 0 || value == 1;
    }

    @FunctionalInterface
    private interface Reader<T> {
        List<T> after(long cursor, int limit) throws SQLException;
    }

    private void publish() {
        LabelWindow mature = outcomes.counted();
        int n = caughtUp ? mature.size() : 0;
        double[] probabilities = new double[n];
        int[] predicted = new int[n];
        int[] actual = new int[n];
        if (caughtUp) {
            int i = 0;
            for (LabelWindow.MatureOutcome outcome : mature.outcomes()) {
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
        ValidationReport tests = CreditValidation.validate(probabilities, actual, scale, card.holdout().aucRoc(), validation);
        metrics.validation(tests);
        VintageReport vintageReport = publishVintages();

        WindowReport window = enoughPredictions ? WindowAnalyzer.analyze(reference, predictions.features(), scores) : null;
        metrics.window(window, referenceMissing, referenceOutliers);
        GradeConcentration liveGrades = scale != null && enoughPredictions ? GradeConcentration.of(scale, scores) : null;
        if (scale != null) {
            metrics.concentration(liveGrades, referenceGrades);
        }
        AttributionReport attribution = enoughPredictions && explainer != null ? AttributionReport.of(
                predictions.contributions(), predictions.declined(), card.reasons(), reference.attribution()) : null;
        metrics.attribution(attribution, reference.attribution());
        publishChallenger(mature);

        // the report's curve: the same mature outcomes as the AUC above, drawn only where the AUC is published
        RankingCurve curve = live != null && !Double.isNaN(live.aucRoc())
                ? RankingCurve.of(probabilities, actual, RankingCurve.REPORT_POINTS) : null;
        snapshot = new CycleSnapshot(Instant.now(), card, validation, properties.minDriftRows(), properties.minLabels(),
                predictions.size(), predictions.earliest(), predictions.latest(), n, outcomes.waiting(), caughtUp, live,
                curve, estimated, matured, card.calibration() == null ? null : card.calibration().reference().aucRange(),
                tests, window, referenceMissing, referenceOutliers, liveGrades, referenceGrades, vintageReport.vintages(),
                vintageReport.curve(), attribution, reference.attribution());
    }

    /**
     * Champion against the newest challenger: over the mature outcomes both scored (once the history
     * is read), and the swap set of the drift window's predictions it scored.
     */
    private void publishChallenger(LabelWindow mature) {
        String challenger = challengerVersion;
        if (challenger == null) {
            metrics.challenger(null, null, null);
            return;
        }
        ChallengerComparison comparison = null;
        if (caughtUp) {
            List<LabelWindow.MatureOutcome> paired = new java.util.ArrayList<>();
            for (LabelWindow.MatureOutcome outcome : mature.outcomes()) {
                if (challenger.equals(outcome.challengerVersion())) {
                    paired.add(outcome);
                }
            }
            comparison = ChallengerComparison.of(
                    paired.stream().mapToDouble(LabelWindow.MatureOutcome::probability).toArray(),
                    paired.stream().mapToDouble(LabelWindow.MatureOutcome::challengerProbability).toArray(),
                    paired.stream().mapToInt(LabelWindow.MatureOutcome::label).toArray(), scale, card.holdout().aucRoc(),
                    validation);
        }
        SwapSet swap = predictions.swapSet(challenger);
        metrics.challenger(challenger, comparison, swap.predictions() >= properties.minDriftRows() ? swap : null);
    }

    /** The vintages a cycle published and the seasoning curve behind them (null while the history is read). */
    private record VintageReport(List<VintageBook.Vintage> vintages, SeasoningCurve curve) {
    }

    /**
     * The vintages, against the seasoning curve of the store's complete cohorts once they hold
     * enough dated defaults, else the model card's; nothing while the history is still being read.
     */
    private VintageReport publishVintages() {
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

    /**
     * What the last successful cycle computed, or null before one has: the validation report's
     * content. {@link CycleSnapshot#completedAt()} says how old it is.
     */
    public CycleSnapshot snapshot() {
        return snapshot;
    }

    /** The other versions' rows read so far: predictions and labels by version. */
    private Map<String, Map<String, Long>> unmonitored() {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        otherVersions.forEach((v, counts) -> rows.put(v, Map.of("predictions", counts.get(0), "labels", counts.get(1))));
        return rows;
    }

    @Override
    public Health health() {
        Health.Builder health = lastError == null ? Health.up() : Health.down().withDetail("error", lastError);
        return health
                .withDetail("model_version", version)
                .withDetail("unmonitored_model_versions", unmonitored())
                .withDetail("challenger_version", challengerVersion == null ? "none" : challengerVersion)
                .withDetail("last_success", lastSuccess == null ? "never" : lastSuccess.toString())
                .withDetail("drift_window_predictions", predictions.size())
                .withDetail("mature_outcomes", outcomes.counted().size())
                .withDetail("outcomes_waiting_for_maturity", outcomes.waiting())
                .withDetail("history_read", caughtUp)
                .build();
    }
}

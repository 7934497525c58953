package io.creditwatch.metrics.monitoring;

import io.creditwatch.metrics.system.SystemUsage;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelBundleException;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.service.ModelBundles;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import io.creditwatch.store.StoredOutcome;
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
import java.util.ArrayList;
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
 * contract is counted and skipped), hands each row to the {@link VersionMonitor} of its model
 * version, and publishes for each monitored version realized model quality, the quality estimated
 * from the drift window's served probabilities (when the card has a calibration map), the
 * credit-risk validation tests, vintages and early defaults, drift, grade concentration, data
 * quality, the decisions' reasons and attribution drift, the challenger's comparison, and system
 * gauges.
 *
 * <p>The monitored versions are the one at MODEL_PATH and those that were there earlier in this
 * process's life: when a new version is written at MODEL_PATH (the service's hot reload), it is
 * monitored from its own bundle with fresh windows, while the previous version keeps its own
 * bundle and windows until none of its predictions is among the newest
 * {@code exporter.drift-window} predictions of the store: then it has aged out and its gauges are
 * removed. Rows of any other version (one whose bundle this exporter never read) are counted,
 * never mixed in. Realized quality and the validation tests count only mature outcomes of complete
 * cohorts (see {@link MatureOutcomes}). On its first cycles, and again after a new version appears,
 * it reads the store's history (at most {@code max-rows-per-cycle} rows a cycle) for the vintages
 * and mature outcomes, publishing them once it has reached the newest rows; drift starts with the
 * predictions of the last window before start-up. A store that is missing or down fails the cycle
 * (health says so) and the next cycle tries again. What a successful cycle published of the
 * version at MODEL_PATH is kept as one {@link CycleSnapshot}, which the validation report is
 * rendered from.
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
    /** Where the monitored bundle is (MODEL_PATH): read again when its card changes, as the service does. */
    private final Path bundle;
    /** The cut-off the service decides with: the card's, or the deployment's override. */
    private final ServedCutOff servedCutOff;
    /** The monitored versions, by version, the one at MODEL_PATH last. */
    private final Map<String, VersionMonitor> monitors = new LinkedHashMap<>();
    private volatile String version;
    private FileTime cardTime;
    /** Rows of model versions no monitor has, by version: counted and reported, never mixed in. */
    private final Map<String, AtomicLongArray> otherVersions = new ConcurrentSkipListMap<>();
    private SeqCursor predictionCursor;
    private SeqCursor labelCursor;
    /** Predictions at or below this position were in the store before the exporter started: too old for drift. */
    private long driftFrom;
    /** The position of the newest prediction read. */
    private long newestSeq;
    /** Whether the cursors have reached the newest rows once: until then vintages and realized quality are partial. */
    private boolean caughtUp;
    private LocalDate today;
    private boolean migrated;
    private volatile Instant lastSuccess;
    private volatile String lastError = "no cycle has run yet";
    private volatile long lastRows;
    private volatile CycleSnapshot snapshot;
    /** What the health endpoint shows, as of the last cycle: the version at MODEL_PATH's window sizes, */
    private volatile int[] currentCounts = new int[3];
    /** its challenger (null: none), */
    private volatile String currentChallenger;
    /** and the versions monitored. */
    private volatile List<String> monitoredVersions = List.of();

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
     * Monitors the model of this card and profile from now on, with fresh windows; the versions
     * monitored already keep their bundles, and the store's history is read again from the start
     * for every version's vintages and mature outcomes.
     */
    private void monitor(ModelCard card, ReferenceProfile reference, FileTime cardTime) {
        String next = card.modelVersion();
        Map<String, VersionMonitor> kept = new LinkedHashMap<>();
        monitors.forEach((v, monitor) -> {
            if (!v.equals(next)) {
                kept.put(v, monitor.emptied());
            }
        });
        kept.put(next, VersionMonitor.of(card, reference, bundle, properties, servedCutOff));
        monitors.clear();
        monitors.putAll(kept);
        this.version = next;
        this.cardTime = cardTime;
        otherVersions.remove(next);
        predictionCursor = null;
        labelCursor = null;
        caughtUp = false;
        monitors.values().forEach(monitor -> monitor.publishReference(metrics));
    }

    /**
     * Follows MODEL_PATH as the inference service does: when the card's file has changed and names
     * another model version, that version is monitored from its own bundle from this cycle on, beside
     * the previous one until that one ages out. A bundle caught half-written is tried again next cycle.
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
            log.info("the model at MODEL_PATH is now another version: monitoring it from its own bundle, and the "
                    + "previous version from its own until its predictions leave the drift window",
                    kv("model_version", next.modelVersion()), kv("previous_model_version", version),
                    kv("path", bundle.toString()));
            monitor(next, profile, time);
        } catch (IOException | RuntimeException e) {
            log.warn("the model bundle at {} cannot be read now ({}); still monitoring model version {}", bundle,
                    e.getMessage(), version);
        }
    }

    /**
     * A version other than the one at MODEL_PATH whose predictions have all left the drift window
     * (the newest {@code drift-window} predictions of the store are of other versions) ages out: its
     * gauges are removed, and its later rows are another version's.
     */
    private void ageOut() {
        List<String> aged = new ArrayList<>();
        monitors.forEach((v, monitor) -> {
            if (!v.equals(version) && monitor.newestSeq() <= newestSeq - properties.driftWindow()) {
                aged.add(v);
            }
        });
        for (String v : aged) {
            monitors.remove(v);
            metrics.forget(v);
            log.info("model version {} aged out: none of its predictions is among the newest {}; its gauges are "
                    + "removed and its later rows counted as another version's", v, properties.driftWindow());
        }
    }

    /** A row of a version no monitor has: counted by version and kind, said once per version. */
    private void otherVersion(String kind, String rowVersion) {
        AtomicLongArray counts = otherVersions.computeIfAbsent(rowVersion, v -> {
            log.warn("the store holds predictions of model version {}, which is not the model at MODEL_PATH ({}) nor "
                    + "one monitored before it: its predictions and labels are counted in "
                    + "ml_exporter_rows_unmonitored_total, never mixed in", v, version);
            return new AtomicLongArray(2);
        });
        counts.incrementAndGet(kind.equals("predictions") ? 0 : 1);
        metrics.unmonitored(kind);
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
            VersionMonitor current = monitors.get(version);
            log.debug("monitoring cycle", kv("duration_ms", Math.round(seconds * 1000)), kv("rows_read", lastRows),
                    kv("drift_window", current.driftWindowSize()), kv("mature_outcomes", current.matureOutcomes()),
                    kv("outcomes_waiting_for_maturity", current.outcomesWaiting()));
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
        monitors.values().forEach(monitor -> monitor.advanceTo(today));
        int[] predictionsRead = readAfter(predictionCursor, store::predictionsAfter, StoredPrediction::seq,
                this::addPrediction, now);
        int[] labelsRead = readAfter(labelCursor, store::outcomesAfter, StoredOutcome::seq, this::addLabel, now);
        predictionCursor.expire(now);
        labelCursor.expire(now);
        caughtUp |= predictionsRead[1] < properties.maxRowsPerCycle() && labelsRead[1] < properties.maxRowsPerCycle();
        if (caughtUp) {
            ageOut();
        }
        return new int[]{predictionsRead[0], labelsRead[0]};
    }

    /**
     * Reads the rows the cursor has not taken yet, in chunks; returns how many new rows were read and
     * how many were scanned. Rows read again above an open gap count toward the per-cycle limit too,
     * so a cycle's work is bounded even while a gap stays open for its whole patience.
     */
    private <T> int[] readAfter(SeqCursor cursor, Reader<T> reader, ToLongFunction<T> seq, Consumer<T> window,
                                long now)
            throws SQLException {
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

    /** A prediction goes to its version's monitor, unless it breaks the store's contract (then it is counted and skipped). */
    private void addPrediction(StoredPrediction prediction) {
        newestSeq = Math.max(newestSeq, prediction.seq());
        VersionMonitor monitor = monitors.get(prediction.modelVersion());
        if (monitor == null) {
            otherVersion("predictions", prediction.modelVersion());
        } else if (isProbability(prediction.probability()) && isBinary(prediction.predictedClass())) {
            monitor.addPrediction(prediction, driftFrom);
        } else {
            reject("predictions", prediction.seq(), prediction.predictionId());
        }
    }

    /** An outcome goes to the monitor of the version that made its prediction, unless it breaks the store's contract. */
    private void addLabel(StoredOutcome label) {
        VersionMonitor monitor = monitors.get(label.modelVersion());
        if (monitor == null) {
            otherVersion("labels", label.modelVersion());
        } else if (isBinary(label.actual()) && isProbability(label.probability()) && isBinary(label.predictedClass())) {
            monitor.addLabel(label, today);
        } else {
            reject("labels", label.seq(), label.predictionId());
        }
    }

    private void reject(String kind, long seq, String predictionId) {
        metrics.rejected(kind);
        log.warn("skipped a stored row that breaks the store's contract (a probability outside [0, 1], or a class "
                + "or outcome other than 0 and 1)", kv("kind", kind), kv("seq", seq),
                kv("prediction_id", predictionId));
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

    /** Every monitored version's gauges; the snapshot is the version at MODEL_PATH's. */
    private void publish() {
        for (VersionMonitor monitor : monitors.values()) {
            CycleSnapshot published = monitor.publish(metrics, caughtUp, today);
            if (monitor.version().equals(version)) {
                snapshot = published;
                currentCounts = new int[]{monitor.driftWindowSize(), monitor.matureOutcomes(),
                        monitor.outcomesWaiting()};
                currentChallenger = monitor.challengerVersion();
            }
        }
        monitoredVersions = List.copyOf(monitors.keySet());
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
        otherVersions
                .forEach((v, counts) -> rows.put(v, Map.of("predictions", counts.get(0), "labels", counts.get(1))));
        return rows;
    }

    @Override
    public Health health() {
        Health.Builder health = lastError == null ? Health.up() : Health.down().withDetail("error", lastError);
        String challenger = currentChallenger;
        int[] counts = currentCounts;
        return health
                .withDetail("model_version", version)
                .withDetail("monitored_model_versions", monitoredVersions)
                .withDetail("unmonitored_model_versions", unmonitored())
                .withDetail("challenger_version", challenger == null ? "none" : challenger)
                .withDetail("last_success", lastSuccess == null ? "never" : lastSuccess.toString())
                .withDetail("drift_window_predictions", counts[0])
                .withDetail("mature_outcomes", counts[1])
                .withDetail("outcomes_waiting_for_maturity", counts[2])
                .withDetail("history_read", caughtUp)
                .build();
    }
}

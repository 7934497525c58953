package io.creditwatch.inference.capture;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Records every answered prediction: in the local {@link CaptureJournal} before the answer leaves
 * (durable policy), then in the prediction store.
 *
 * <p>{@link #record} hands a request's predictions, already encoded, to the journal's writer
 * thread and (durable) waits for the flush that makes them durable. The writer takes whatever
 * requests are waiting, appends them as one group and flushes once, so concurrent requests share
 * one disk flush (group commit) and the flush rate, not the request rate, is what the disk must
 * sustain. The wait is bounded ({@code commit-timeout}) and timed; a request whose record is
 * refused (queue full, journal at its size limit, journal writes failing, the writer stopped) or
 * not durable in time is not answered with its decision but with a 503 (see
 * {@link CaptureUnavailableException}). Under {@code best-effort} nothing waits and a record the
 * journal cannot take is counted as dropped.
 *
 * <p>A second thread forwards the journal's groups to the store, oldest first. Store writes are
 * idempotent (a group written again after a crash or a lost commit acknowledgement stores nothing
 * twice, and only rows the store did not hold yet are counted as written); a row the store refuses
 * is set aside (counted as dropped, logged by id) instead of blocking every prediction behind it.
 * Health is DOWN when either thread has stopped, or (durable) while records are refused; it stays
 * UP while only the store is down, since predictions are still answered and recorded.
 *
 * <p>The work is done by three parts, each with one job, which this class builds, starts, stops
 * and reports on: {@link CaptureIntake} takes records in on the requests' threads,
 * {@link JournalWriter} appends them to the journal in group commits, and {@link StoreForwarder}
 * forwards the journal's groups to the store.
 */
@Component("capture")
public class PredictionCapture implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(PredictionCapture.class);

    private final CaptureProperties properties;
    /** Predictions in the journal not forwarded yet: added by the journal writer, taken off by the store forwarder. */
    private final AtomicLong backlog = new AtomicLong();
    /** Predictions taken in that need nothing more: in the store, set aside, or not journalled (refused or dropped). */
    private final AtomicLong settled = new AtomicLong();
    private final CaptureIntake intake;
    private final JournalWriter journalWriter;
    private final StoreForwarder storeForwarder;
    private CaptureJournal journal;

    PredictionCapture(CaptureProperties properties, PredictionStore store, InferenceMetrics metrics) {
        this.properties = properties;
        intake = new CaptureIntake(properties, metrics, this::writersAlive);
        // released by the journal writer after each group it appended, to wake the store forwarder
        Semaphore journalled = new Semaphore(0);
        journalWriter = new JournalWriter(properties, intake, backlog, settled, journalled);
        storeForwarder = new StoreForwarder(properties, store, metrics, backlog, settled, journalled);
        metrics.captureJournalBacklog(backlog::get);
        metrics.captureJournalBytes(() -> journal == null ? 0 : journal.bytes(), properties.journalMaxSize().toBytes());
        metrics.captureJournalDamagedFiles(() -> journal == null ? 0 : journal.damagedFiles());
        metrics.captureWriterUp(() -> writersAlive() ? 1 : 0);
        metrics.captureStoreWriteRate(storeForwarder::storeWriteRate);
    }

    public CapturePolicy policy() {
        return properties.policy();
    }

    /**
     * Under the durable policy, refuses at once (before anything is scored) what the journal
     * could not take now: when its writer has stopped, it is at its size limit, or the queue is full.
     */
    public void admit(int predictions) {
        intake.admit(predictions);
    }

    /**
     * Records a request's predictions. Durable: returns once they are on disk in the journal, or
     * throws {@link CaptureUnavailableException} (they must then not be answered). Best-effort:
     * returns at once; what the journal cannot take is counted as dropped.
     */
    public void record(List<CapturedPrediction> predictions) {
        intake.record(predictions);
    }

    /** Waits until everything recorded so far is in the store (or set aside), at most {@code timeout}. */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long target = intake.accepted();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (settled.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private boolean writersAlive() {
        return journalWriter.isAlive() && storeForwarder.isAlive();
    }

    /**
     * Opens the journal (taking in, and setting aside, what the last run left) before the web
     * server starts, so the service is not ready before the last run's records are forwarded.
     */
    @Override
    public void start() {
        try {
            journal = new CaptureJournal(properties.journalDirectory(), properties.journalMaxSize().toBytes(),
                    Math.min(properties.journalSegmentSize().toBytes(), properties.journalMaxSize().toBytes() / 4),
                    Duration.ofSeconds(1));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot open the capture journal " + properties.journalDirectory().toAbsolutePath()
                            + " (INFERENCE_CAPTURE_JOURNAL_DIRECTORY): " + e,
                    e);
        }
        for (CaptureJournal.SetAside damaged : journal.setAside()) {
            log.error("a damaged capture journal file was set aside; its readable groups are forwarded",
                    kv("file", damaged.file().toString()), kv("damage", damaged.damage()),
                    kv("groups_recovered", damaged.groupsRecovered()),
                    kv("predictions_recovered", damaged.predictionsRecovered()),
                    kv("bytes_unreadable", damaged.bytesUnreadable()));
        }
        try {
            LegacyJournal.Imported imported = LegacyJournal.importInto(journal, properties.journalPath());
            if (imported != null) {
                log.info("imported the capture journal of an earlier version; its predictions are forwarded",
                        kv("file", imported.renamed().toString()), kv("groups", imported.groups()),
                        kv("predictions", imported.predictions()),
                        kv("unreadable_groups", imported.unreadableGroups()));
            }
        } catch (IOException | java.sql.SQLException e) {
            log.error(
                    "cannot import the capture journal of an earlier version {}; it stays where it is for the next start: {}",
                    properties.journalPath().toAbsolutePath(), e.toString());
        }
        backlog.set(journal.predictions());
        if (backlog.get() > 0) {
            log.info("writing captured predictions left in the journal by the last run",
                    kv("predictions", backlog.get()));
        }
        intake.open(journal);
        storeForwarder.migrate();
        journalWriter.start(journal);
        storeForwarder.start(journal);
    }

    /**
     * Journals everything still waiting, then gives the store writer up to {@code shutdown-timeout}
     * to catch up; a writer waiting to retry a store that is down is woken and stopped, and what it
     * has not written stays in the journal.
     */
    @Override
    public void stop() {
        try {
            long deadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
            journalWriter.stop(properties.shutdownTimeout().toMillis());
            storeForwarder.stop(deadline);
            if (backlog.get() > 0) {
                log.warn("shutdown: captured predictions stay in the journal and are written at the next start",
                        kv("predictions", backlog.get()), kv("journal", properties.journalDirectory().toString()));
            }
            journal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return journalWriter.isRunning();
    }

    /** Stops after the web server (which stops at a higher phase), so no prediction arrives after the flush. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public Health health() {
        CaptureUnavailableException.Cause refusal = intake.refusal();
        boolean alive = writersAlive();
        String lastError = storeForwarder.lastError();
        Health.Builder health = alive && (refusal == null || properties.policy() == CapturePolicy.BEST_EFFORT)
                ? Health.up() : Health.down();
        health.withDetail("policy", properties.policy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .withDetail("writers_running", alive)
                .withDetail("queued", intake.queued())
                .withDetail("queue_capacity", properties.queueCapacity())
                .withDetail("journal_backlog", backlog.get())
                .withDetail("journal_bytes", journal == null ? 0 : journal.bytes())
                .withDetail("journal_max_bytes", properties.journalMaxSize().toBytes())
                .withDetail("journal_damaged_files", journal == null ? 0 : journal.damagedFiles())
                .withDetail("store_reachable", lastError == null);
        if (refusal != null) {
            health.withDetail(properties.policy() == CapturePolicy.DURABLE ? "refusing" : "dropping",
                    refusal.description());
            Instant since = intake.refusingSince();
            if (since != null) {
                health.withDetail("refusing_since", since.toString());
            }
        }
        String journalFailure = journalWriter.journalError();
        if (journalFailure != null) {
            health.withDetail("journal_error", journalFailure);
        }
        if (lastError != null) {
            health.withDetail("last_error", lastError);
            Instant since = storeForwarder.failingSince();
            if (since != null) {
                health.withDetail("writes_failing_since", since.toString());
            }
        }
        return health.build();
    }
}

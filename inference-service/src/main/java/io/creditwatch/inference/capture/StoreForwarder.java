package io.creditwatch.inference.capture;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Forwards the journal's groups to the prediction store, oldest first, on the {@code capture-writer}
 * thread: it takes what the journal writer appended (woken by its {@code journalled} signal), hands
 * it to the {@link PredictionStore}, then tells the journal it was forwarded (so its files can go)
 * and takes it off the backlog; what it wrote or set aside is counted as settled.
 *
 * <p>Store writes are idempotent (a group written again after a crash or a lost commit
 * acknowledgement stores nothing twice, and only rows the store did not hold yet are counted as
 * written); a row the store refuses is set aside (counted as dropped, logged by id) instead of
 * blocking every prediction behind it.
 */
final class StoreForwarder {

    /** Logs under the capture's name, as before the capture was split, so that log queries on it still match. */
    private static final Logger log = LoggerFactory.getLogger(PredictionCapture.class);
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final CaptureProperties properties;
    private final PredictionStore store;
    private final InferenceMetrics metrics;
    private final AtomicLong backlog;
    private final AtomicLong settled;
    private final Semaphore journalled;
    private volatile boolean forwarding;
    private volatile boolean migrated;
    private volatile String lastError;
    private volatile Instant failingSince;
    private volatile double storeWriteRate = Double.NaN;
    private long rateWindowStart = System.nanoTime();
    private long rateWindowRows;
    private long rateWindowNanos;
    private CaptureJournal journal;
    private Thread thread;

    StoreForwarder(CaptureProperties properties, PredictionStore store, InferenceMetrics metrics, AtomicLong backlog,
                   AtomicLong settled, Semaphore journalled) {
        this.properties = properties;
        this.store = store;
        this.metrics = metrics;
        this.backlog = backlog;
        this.settled = settled;
        this.journalled = journalled;
    }

    /** Migrates the store at start-up; a store not ready yet is left to the writer, which keeps trying. */
    void migrate() {
        try {
            store.migrate();
            migrated = true;
        } catch (RuntimeException e) {
            lastError = StoreFailures.describe(e);
            log.warn("prediction store not ready at start-up, the capture writer will keep trying: {}", lastError);
        }
    }

    /** Starts the {@code capture-writer} thread, which forwards {@code journal}'s groups until stopped. */
    void start(CaptureJournal journal) {
        this.journal = journal;
        forwarding = true;
        thread = new Thread(this::forwardJournal, "capture-writer");
        thread.setDaemon(true);
        thread.start();
    }

    boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    /** The store's intake rate, in predictions a second of store writes; NaN until first measured. */
    double storeWriteRate() {
        return storeWriteRate;
    }

    /** How the last store write failed; null while the store is reachable. */
    String lastError() {
        return lastError;
    }

    /** Since when store writes fail; null while the store is reachable. */
    Instant failingSince() {
        return failingSince;
    }

    /**
     * Gives the writer until {@code deadline} (of {@link System#nanoTime}) to forward the backlog,
     * unless the store is failing, then stops it; a writer waiting to retry a store that is down
     * is woken and stopped, and what it has not written stays in the journal.
     */
    void stop(long deadline) throws InterruptedException {
        while (backlog.get() > 0 && lastError == null && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        forwarding = false;
        thread.join(1_000);
        thread.interrupt();
        thread.join(5_000);
    }

    /**
     * Writes the journal's groups to the store, oldest first. Groups are small when traffic is
     * light (a flush holds what arrived in a few milliseconds), so consecutive groups are joined
     * into store writes of up to {@code batch-size}: the store's round trips, not the groups, set
     * the pace.
     */
    private void forwardJournal() {
        List<CapturedPrediction> predictions = new ArrayList<>();
        try {
            while (forwarding) {
                long groupPredictions = 0;
                for (CaptureJournal.Group group = journal.next(); group != null; group = journal.next()) {
                    predictions.addAll(decode(group));
                    groupPredictions += group.predictions();
                    if (predictions.size() >= properties.batchSize()) {
                        break;
                    }
                }
                if (groupPredictions == 0) {
                    journalled.tryAcquire(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                for (int start = 0; start < predictions.size(); start += properties.batchSize()) {
                    if (!write(
                            predictions.subList(start, Math.min(predictions.size(), start + properties.batchSize())))) {
                        return;
                    }
                }
                journal.forwarded();
                backlog.addAndGet(-groupPredictions);
                predictions.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.error("the capture store writer cannot read the journal and stopped; /health is DOWN: {}",
                    e.toString());
        } catch (RuntimeException | Error e) {
            log.error("the capture store writer stopped; /health is DOWN", e);
            throw e;
        }
    }

    /** The group's predictions; none (counted as dropped, logged) when it was damaged on disk. */
    private List<CapturedPrediction> decode(CaptureJournal.Group group) {
        String damage = group.damage();
        if (damage == null) {
            try {
                return GroupEncoding.decode(group.payload());
            } catch (GroupEncoding.Unreadable e) {
                damage = e.getMessage();
            }
        }
        metrics.captureDropped(group.predictions());
        settled.addAndGet(group.predictions());
        log.error("a capture journal group is damaged and cannot be forwarded", kv("predictions", group.predictions()),
                kv("damage", damage));
        return List.of();
    }

    /**
     * Writes a batch to the store, retrying while the store cannot be reached; false when the
     * service stops first (the batch stays in the journal for the next start). A batch the store
     * refuses for its data is written row by row, so that one bad row is set aside instead of
     * blocking every prediction behind it.
     */
    private boolean write(List<CapturedPrediction> batch) throws InterruptedException {
        long delay = properties.minRetryDelay().toMillis();
        while (forwarding) {
            try {
                if (!migrated) {
                    store.migrate();
                    migrated = true;
                }
                long started = System.nanoTime();
                boolean[] stored = store.insertPredictions(batch);
                measureWrite(batch.size(), System.nanoTime() - started);
                int written = 0;
                for (boolean row : stored) {
                    written += row ? 1 : 0;
                }
                metrics.captureWritten(written);
                settled.addAndGet(batch.size());
                if (lastError != null) {
                    log.info("prediction store reachable again");
                    lastError = null;
                    failingSince = null;
                }
                return true;
            } catch (java.sql.SQLException e) {
                if (StoreFailures.refusesData(e)) {
                    return setAside(batch, e);
                }
                failed(batch, delay, e);
            } catch (RuntimeException e) {
                failed(batch, delay, e);
            }
            Thread.sleep(delay);
            delay = Math.min(delay * 2, properties.maxRetryDelay().toMillis());
        }
        return false;
    }

    /** The store's intake rate, over the time spent in store writes of the last few seconds. */
    private void measureWrite(int rows, long nanos) {
        rateWindowRows += rows;
        rateWindowNanos += nanos;
        long now = System.nanoTime();
        if (now - rateWindowStart >= RATE_WINDOW_NANOS) {
            storeWriteRate = rateWindowRows / (rateWindowNanos / 1e9);
            rateWindowStart = now;
            rateWindowRows = 0;
            rateWindowNanos = 0;
        }
    }

    private void failed(List<CapturedPrediction> batch, long delay, Exception e) {
        metrics.captureWriteFailed();
        lastError = StoreFailures.describe(e);
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        log.warn("cannot write {} captured predictions, retrying in {} ms: {}", batch.size(), delay, lastError);
    }

    private boolean setAside(List<CapturedPrediction> batch, java.sql.SQLException refusal)
            throws InterruptedException {
        if (batch.size() > 1) {
            for (CapturedPrediction prediction : batch) {
                if (!write(List.of(prediction))) {
                    return false;
                }
            }
            return true;
        }
        metrics.captureDropped(1);
        settled.incrementAndGet();
        log.error("the prediction store refused a captured prediction; it is set aside and the rest is written",
                kv("prediction_id", batch.get(0).predictionId()), kv("reason", StoreFailures.describe(refusal)));
        return true;
    }
}

package io.creditwatch.inference.capture;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Hands every served prediction to the store without ever slowing or failing the prediction, and
 * without losing it to a crash. {@link #capture} only offers to a bounded in-memory queue. One
 * thread moves what is queued into the local {@link CaptureJournal} as soon as it arrives, in
 * groups (a prediction is queued before its answer is written, and on disk one journal commit,
 * a few milliseconds, later); another writes the journal's groups to the store and
 * removes each once stored. So a crash loses at most the answers of the last few milliseconds, and what the journal holds is written at the next start; a store
 * that is down only makes the journal grow on local disk.
 *
 * <p>Store writes are idempotent (a group retried after a lost commit acknowledgement stores
 * nothing twice), and a row the store refuses is set aside (counted as dropped, logged by id)
 * instead of blocking every prediction behind it. The health component stays UP while the store
 * is down (predictions are still served) and reports the in-memory queue, the journal's backlog,
 * since when writes have been failing, and the last error, in words that carry no applicant
 * values.
 */
@Component("capture")
public class PredictionCapture implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(PredictionCapture.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A journal group holds up to this many store batches: one disk flush then covers them all. */
    private static final int BATCHES_PER_GROUP = 20;

    private final CaptureProperties properties;
    private final PredictionStore store;
    private final InferenceMetrics metrics;
    private final BlockingQueue<CapturedPrediction> queue;
    private final Semaphore journalled = new Semaphore(0);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;
    private volatile boolean running;
    private volatile boolean forwarding;
    private volatile boolean migrated;
    private volatile String lastError;
    private volatile Instant failingSince;
    private CaptureJournal journal;
    private Thread journalWriter;
    private Thread storeWriter;

    PredictionCapture(CaptureProperties properties, PredictionStore store, InferenceMetrics metrics) {
        this.properties = properties;
        this.store = store;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        metrics.captureQueue(queue::size);
        metrics.captureJournalBacklog(backlog::get);
    }

    /** Queues one prediction for the store; false (and counted) when the queue is full. */
    public boolean capture(CapturedPrediction prediction) {
        if (queue.offer(prediction)) {
            accepted.incrementAndGet();
            metrics.captureQueued();
            return true;
        }
        metrics.captureDropped(1);
        droppedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastDropLogNanos > DROP_LOG_INTERVAL_NANOS) {
            lastDropLogNanos = now;
            log.error("capture queue full: predictions served but not captured",
                    kv("dropped", droppedSinceLog.getAndSet(0)), kv("queue_capacity", properties.queueCapacity()));
        }
        return false;
    }

    /** Waits until everything queued so far is in the store (or set aside), at most {@code timeout}. */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (settled.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Moves queued predictions into the journal, a group at a time, until stopped and the queue is empty. */
    private void journalQueued() {
        int groupSize = properties.batchSize() * BATCHES_PER_GROUP;
        List<CapturedPrediction> group = new ArrayList<>(groupSize);
        while (running || !queue.isEmpty()) {
            try {
                CapturedPrediction first = queue.poll(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, groupSize - 1);
                appendToJournal(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void appendToJournal(List<CapturedPrediction> group) throws InterruptedException {
        long delay = properties.minRetryDelay().toMillis();
        while (true) {
            try {
                journal.append(group);
                backlog.addAndGet(group.size());
                journalled.release();
                return;
            } catch (SQLException e) {
                log.error("cannot append to the capture journal {}, retrying in {} ms: {}",
                        properties.journalPath().toAbsolutePath(), delay, StoreFailures.describe(e));
            }
            Thread.sleep(delay);
            delay = Math.min(delay * 2, properties.maxRetryDelay().toMillis());
        }
    }

    /** Writes the journal's groups to the store, oldest first, removing each once stored. */
    private void forwardJournal() {
        while (forwarding) {
            try {
                CaptureJournal.Group group = journal.oldest();
                if (group == null) {
                    journalled.tryAcquire(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                List<CapturedPrediction> predictions = group.predictions();
                for (int start = 0; start < predictions.size(); start += properties.batchSize()) {
                    if (!write(predictions.subList(start, Math.min(predictions.size(), start + properties.batchSize())))) {
                        return;
                    }
                }
                journal.remove(group.id());
                backlog.addAndGet(-group.predictions().size());
            } catch (SQLException e) {
                log.error("cannot read the capture journal: {}", StoreFailures.describe(e));
                sleepQuietly(properties.minRetryDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Writes a group to the store, retrying while the store cannot be reached; false when the
     * service stops first (the group stays in the journal for the next start). A group the store
     * refuses for its data is written row by row, so that one bad row is set aside instead of
     * blocking every prediction behind it.
     */
    private boolean write(List<CapturedPrediction> group) throws InterruptedException {
        long delay = properties.minRetryDelay().toMillis();
        while (forwarding) {
            try {
                if (!migrated) {
                    store.migrate();
                    migrated = true;
                }
                store.insertPredictions(group);
                metrics.captureWritten(group.size());
                settled.addAndGet(group.size());
                if (lastError != null) {
                    log.info("prediction store reachable again");
                    lastError = null;
                    failingSince = null;
                }
                return true;
            } catch (SQLException e) {
                if (StoreFailures.refusesData(e)) {
                    return setAside(group, e);
                }
                failed(group, delay, e);
            } catch (RuntimeException e) {
                failed(group, delay, e);
            }
            Thread.sleep(delay);
            delay = Math.min(delay * 2, properties.maxRetryDelay().toMillis());
        }
        return false;
    }

    private void failed(List<CapturedPrediction> group, long delay, Exception e) {
        metrics.captureWriteFailed();
        lastError = StoreFailures.describe(e);
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        log.warn("cannot write {} captured predictions, retrying in {} ms: {}", group.size(), delay, lastError);
    }

    private boolean setAside(List<CapturedPrediction> group, SQLException refusal) throws InterruptedException {
        if (group.size() > 1) {
            for (CapturedPrediction prediction : group) {
                if (!write(List.of(prediction))) {
                    return false;
                }
            }
            return true;
        }
        metrics.captureDropped(1);
        settled.incrementAndGet();
        log.error("the prediction store refused a captured prediction; it is set aside and the rest is written",
                kv("prediction_id", group.get(0).predictionId()), kv("reason", StoreFailures.describe(refusal)));
        return true;
    }

    @Override
    public void start() {
        try {
            journal = new CaptureJournal(properties.journalPath());
            backlog.set(journal.predictions());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the capture journal " + properties.journalPath().toAbsolutePath()
                    + " (INFERENCE_CAPTURE_JOURNAL_PATH): " + StoreFailures.describe(e), e);
        }
        if (backlog.get() > 0) {
            log.info("writing captured predictions left in the journal by the last run", kv("predictions", backlog.get()));
        }
        try {
            store.migrate();
            migrated = true;
        } catch (RuntimeException e) {
            lastError = StoreFailures.describe(e);
            log.warn("prediction store not ready at start-up, the capture writer will keep trying: {}", lastError);
        }
        running = true;
        forwarding = true;
        journalWriter = new Thread(this::journalQueued, "capture-journal");
        storeWriter = new Thread(this::forwardJournal, "capture-writer");
        journalWriter.setDaemon(true);
        storeWriter.setDaemon(true);
        journalWriter.start();
        storeWriter.start();
    }

    /**
     * Journals everything still queued, then gives the store writer up to {@code shutdown-timeout}
     * to catch up; a writer waiting to retry a store that is down is woken and stopped, and what it
     * has not written stays in the journal.
     */
    @Override
    public void stop() {
        running = false;
        try {
            long deadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
            journalWriter.join(properties.shutdownTimeout().toMillis());
            if (journalWriter.isAlive()) {
                log.error("shutdown: the capture journal cannot be written; queued predictions are lost",
                        kv("dropped", queue.size()));
                metrics.captureDropped(queue.size());
            }
            while (backlog.get() > 0 && lastError == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            forwarding = false;
            storeWriter.join(1_000);
            storeWriter.interrupt();
            storeWriter.join(5_000);
            if (backlog.get() > 0) {
                log.warn("shutdown: captured predictions stay in the journal and are written at the next start",
                        kv("predictions", backlog.get()), kv("journal", properties.journalPath().toString()));
            }
            journal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("closing the capture journal: {}", StoreFailures.describe(e));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at a higher phase), so no prediction arrives after the flush. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("queued", queue.size())
                .withDetail("queue_capacity", properties.queueCapacity())
                .withDetail("journal_backlog", backlog.get())
                .withDetail("store_reachable", lastError == null);
        if (lastError != null) {
            health.withDetail("last_error", lastError);
            Instant since = failingSince;
            if (since != null) {
                health.withDetail("writes_failing_since", since.toString());
            }
        }
        return health.build();
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

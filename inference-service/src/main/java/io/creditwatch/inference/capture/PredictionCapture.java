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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Hands every served prediction to the store without ever slowing or failing the prediction:
 * {@link #capture} only offers to a bounded queue, and one writer thread drains it in batches.
 * While the store is down the writer retries the same batch with growing pauses; what does not
 * fit in the queue meanwhile is dropped, counted and logged. A clean shutdown flushes the queue.
 *
 * <p>Writes are idempotent (a batch retried after a lost commit acknowledgement stores nothing
 * twice), and a row the store refuses is set aside rather than retried for ever. Its health
 * component stays UP while the store is down (predictions are still served) and reports the
 * backlog, since when writes have been failing, and the last error, in words that carry no
 * applicant values.
 */
@Component("capture")
public class PredictionCapture implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(PredictionCapture.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final CaptureProperties properties;
    private final PredictionStore store;
    private final InferenceMetrics metrics;
    private final BlockingQueue<CapturedPrediction> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;
    private volatile boolean running;
    private volatile boolean migrated;
    private volatile String lastError;
    private volatile Instant failingSince;
    private Thread writer;

    PredictionCapture(CaptureProperties properties, PredictionStore store, InferenceMetrics metrics) {
        this.properties = properties;
        this.store = store;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        metrics.captureQueue(queue::size);
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

    /** Waits until everything queued so far is written (or dropped), at most {@code timeout}. */
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

    private void drain() {
        List<CapturedPrediction> batch = new ArrayList<>(properties.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                CapturedPrediction first = queue.poll(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.batchSize() - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Writes a batch, retrying while the store cannot be reached. A batch the store refuses for
     * its data is written row by row, so that one bad row is set aside (counted as dropped,
     * logged by id) instead of blocking every prediction behind it.
     */
    private void write(List<CapturedPrediction> batch) throws InterruptedException {
        long delay = properties.minRetryDelay().toMillis();
        long giveUpAt = Long.MAX_VALUE;
        while (true) {
            try {
                if (!migrated) {
                    store.migrate();
                    migrated = true;
                }
                store.insertPredictions(batch);
                metrics.captureWritten(batch.size());
                settled.addAndGet(batch.size());
                if (lastError != null) {
                    log.info("prediction store reachable again");
                    lastError = null;
                    failingSince = null;
                }
                return;
            } catch (SQLException e) {
                if (StoreFailures.refusesData(e)) {
                    setAside(batch, e);
                    return;
                }
                failed(batch, delay, e);
            } catch (RuntimeException e) {
                failed(batch, delay, e);
            }
            if (!running) {
                giveUpAt = Math.min(giveUpAt, System.currentTimeMillis() + properties.shutdownTimeout().toMillis());
                if (System.currentTimeMillis() + delay > giveUpAt) {
                    metrics.captureDropped(batch.size());
                    settled.addAndGet(batch.size());
                    log.error("shutting down with the store unreachable: captured predictions lost",
                            kv("dropped", batch.size()));
                    return;
                }
            }
            Thread.sleep(delay);
            delay = Math.min(delay * 2, properties.maxRetryDelay().toMillis());
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

    private void setAside(List<CapturedPrediction> batch, SQLException refusal) throws InterruptedException {
        if (batch.size() > 1) {
            for (CapturedPrediction prediction : batch) {
                write(List.of(prediction));
            }
            return;
        }
        metrics.captureDropped(1);
        settled.incrementAndGet();
        log.error("the prediction store refused a captured prediction; it is set aside and the rest is written",
                kv("prediction_id", batch.get(0).predictionId()), kv("reason", StoreFailures.describe(refusal)));
    }

    @Override
    public void start() {
        try {
            store.migrate();
            migrated = true;
        } catch (RuntimeException e) {
            lastError = StoreFailures.describe(e);
            log.warn("prediction store not ready at start-up, the capture writer will keep trying: {}", lastError);
        }
        running = true;
        writer = new Thread(this::drain, "capture-writer");
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(properties.shutdownTimeout().toMillis() + properties.maxRetryDelay().toMillis());
            if (!queue.isEmpty()) {
                log.error("shutdown: captured predictions not written", kv("dropped", queue.size()));
                metrics.captureDropped(queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
}

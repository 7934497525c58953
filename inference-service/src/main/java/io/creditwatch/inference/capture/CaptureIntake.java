package io.creditwatch.inference.capture;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.store.CapturedPrediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Takes requests' predictions in, on the requests' own threads: refuses (durable policy) what the
 * journal could not take, with a {@link CaptureUnavailableException} that /health reports, counts
 * as dropped (best-effort) what it cannot take, and queues the rest, encoded, then (durable) waits
 * for the journal's group commit that makes them durable.
 *
 * <p>It hands its queue of pending submissions to the journal writer, which tells it, a group at
 * a time, whether the journal took them: the waiting requests are then released or refused.
 */
final class CaptureIntake {

    /** Logs under the capture's name, as before the capture was split, so that log queries on it still match. */
    private static final Logger log = LoggerFactory.getLogger(PredictionCapture.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Bytes a prediction takes in the journal, about; used to refuse early what cannot fit. */
    private static final int BYTES_PER_PREDICTION = 130;
    /** A refusal is reported by /health until a record is taken again, or this long after the last one. */
    private static final long REFUSAL_MEMORY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final CaptureProperties properties;
    private final InferenceMetrics metrics;
    private final BooleanSupplier writersAlive;
    private final LinkedBlockingQueue<Submission> pending = new LinkedBlockingQueue<>();
    private final AtomicLong pendingPredictions = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;
    private volatile CaptureUnavailableException.Cause refusing;
    private volatile Instant refusingSince;
    private volatile long lastRefusalNanos;
    private CaptureJournal journal;

    /** One request's predictions, encoded, and the flush it waits for. */
    record Submission(int predictions, byte[] encoded, boolean awaited,
                      CompletableFuture<Void> durable) {
    }

    /** {@code writersAlive}: whether both the journal's writer and the store's are running. */
    CaptureIntake(CaptureProperties properties, InferenceMetrics metrics, BooleanSupplier writersAlive) {
        this.properties = properties;
        this.metrics = metrics;
        this.writersAlive = writersAlive;
        metrics.captureRefusalReasons(java.util.Arrays.stream(CaptureUnavailableException.Cause.values())
                .map(CaptureUnavailableException.Cause::label).toList());
        metrics.captureQueued(accepted);
        metrics.captureQueue(pendingPredictions::get);
    }

    /** The journal whose room {@link #admit} checks; given at start, before the writers run. */
    void open(CaptureJournal journal) {
        this.journal = journal;
    }

    /** {@link PredictionCapture#admit}: refuses (durable) what the journal could not take now. */
    void admit(int predictions) {
        if (properties.policy() != CapturePolicy.DURABLE) {
            return;
        }
        CaptureUnavailableException.Cause cause = null;
        if (!writersAlive.getAsBoolean()) {
            cause = CaptureUnavailableException.Cause.WRITER_STOPPED;
        } else if (!journal.hasRoomFor((long) predictions * BYTES_PER_PREDICTION)) {
            cause = CaptureUnavailableException.Cause.JOURNAL_FULL;
        } else if (pendingPredictions.get() + predictions > properties.queueCapacity()) {
            cause = CaptureUnavailableException.Cause.QUEUE_FULL;
        }
        if (cause != null) {
            throw refuse(cause, predictions);
        }
    }

    /** {@link PredictionCapture#record}: queues the predictions and (durable) waits until they are on disk. */
    void record(List<CapturedPrediction> predictions) {
        boolean durable = properties.policy() == CapturePolicy.DURABLE;
        int count = predictions.size();
        if (durable && !writersAlive.getAsBoolean()) {
            throw refuse(CaptureUnavailableException.Cause.WRITER_STOPPED, count);
        }
        if (pendingPredictions.addAndGet(count) > properties.queueCapacity()) {
            pendingPredictions.addAndGet(-count);
            if (durable) {
                throw refuse(CaptureUnavailableException.Cause.QUEUE_FULL, count);
            }
            unavailable(CaptureUnavailableException.Cause.QUEUE_FULL);
            dropped(count, "capture queue full: predictions served but not captured");
            return;
        }
        Submission submission = new Submission(count, GroupEncoding.encode(predictions), durable,
                new CompletableFuture<>());
        accepted.addAndGet(count);
        pending.add(submission);
        if (!durable) {
            return;
        }
        long started = System.nanoTime();
        try {
            submission.durable().get(properties.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw refuse(CaptureUnavailableException.Cause.COMMIT_TIMEOUT, count);
        } catch (ExecutionException e) {
            throw refuse(((CaptureUnavailableException) e.getCause()).reason(), count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refuse(CaptureUnavailableException.Cause.COMMIT_TIMEOUT, count);
        } finally {
            metrics.captureCommitWait(System.nanoTime() - started);
        }
    }

    private CaptureUnavailableException refuse(CaptureUnavailableException.Cause cause, int predictions) {
        metrics.captureRefused(cause.label(), predictions);
        unavailable(cause);
        return new CaptureUnavailableException(cause, properties.retryAfter());
    }

    /** Notes for /health that the journal could not take a record, and logs when that starts. */
    private void unavailable(CaptureUnavailableException.Cause cause) {
        if (refusing == null) {
            refusingSince = Instant.now();
            log.warn(properties.policy() == CapturePolicy.DURABLE
                    ? "capture unavailable: answering 503 until the journal takes records again"
                    : "capture unavailable: predictions are answered but not recorded",
                    kv("reason", cause.label()));
        }
        refusing = cause;
        lastRefusalNanos = System.nanoTime();
    }

    private void dropped(int predictions, String message) {
        metrics.captureDropped(predictions);
        droppedSinceLog.addAndGet(predictions);
        long now = System.nanoTime();
        if (now - lastDropLogNanos > DROP_LOG_INTERVAL_NANOS) {
            lastDropLogNanos = now;
            log.error(message, kv("dropped", droppedSinceLog.getAndSet(0)),
                    kv("queue_capacity", properties.queueCapacity()));
        }
    }

    /** The submissions waiting for the journal, oldest first; the journal writer takes them from here. */
    LinkedBlockingQueue<Submission> pending() {
        return pending;
    }

    /** Notes that {@code predictions} left the queue, whether the journal took them or not. */
    void dequeued(int predictions) {
        pendingPredictions.addAndGet(-predictions);
    }

    /** Releases the requests of a group the journal took (and flushed). */
    void taken(List<Submission> group) {
        // cleared before the requests are released, so that a refusal one of them meets next stays reported
        refusing = null;
        refusingSince = null;
        group.forEach(submission -> submission.durable().complete(null));
    }

    /** Refuses the requests of a group the journal could not take; what none waits for is counted as dropped. */
    void notTaken(List<Submission> group, CaptureUnavailableException.Cause failure) {
        unavailable(failure);
        int unawaited = 0;
        for (Submission submission : group) {
            if (submission.awaited()) {
                submission.durable()
                        .completeExceptionally(new CaptureUnavailableException(failure, properties.retryAfter()));
            } else {
                unawaited += submission.predictions();
            }
        }
        if (unawaited > 0) {
            dropped(unawaited, "the capture journal cannot take records: predictions served but not captured");
        }
    }

    /** How many predictions were taken in so far, to be journalled. */
    long accepted() {
        return accepted.get();
    }

    /** How many predictions wait in the queue for the journal. */
    long queued() {
        return pendingPredictions.get();
    }

    /** The refusal /health reports, if any: the last one, unless a record was taken since or it is old. */
    CaptureUnavailableException.Cause refusal() {
        CaptureUnavailableException.Cause refusal = refusing;
        if (refusal != null && System.nanoTime() - lastRefusalNanos > REFUSAL_MEMORY_NANOS) {
            refusal = null;
        }
        return refusal;
    }

    /** When the refusals that /health reports began; null once a record was taken again. */
    Instant refusingSince() {
        return refusingSince;
    }
}

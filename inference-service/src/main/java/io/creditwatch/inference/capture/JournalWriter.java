package io.creditwatch.inference.capture;

import io.creditwatch.inference.capture.CaptureIntake.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends the intake's pending submissions to the {@link CaptureJournal} on the
 * {@code capture-journal} thread: it takes whatever requests are waiting, appends them as one
 * group and flushes once, so concurrent requests share one disk flush (group commit). It tells the
 * intake whether the journal took each group (its requests are then released or refused), and
 * hands what it appended to the store forwarder: added to the backlog, with a {@code journalled}
 * signal that wakes the forwarder.
 */
final class JournalWriter {

    /** Logs under the capture's name, as before the capture was split, so that log queries on it still match. */
    private static final Logger log = LoggerFactory.getLogger(PredictionCapture.class);
    /** A journal group holds up to this many predictions: one flush then covers up to 20 store batches of 1000. */
    private static final int GROUP_PREDICTIONS = 20_000;

    private final CaptureProperties properties;
    private final CaptureIntake intake;
    private final LinkedBlockingQueue<Submission> pending;
    private final AtomicLong backlog;
    private final AtomicLong settled;
    private final Semaphore journalled;
    private volatile boolean running;
    private volatile String journalError;
    private CaptureJournal journal;
    private Thread thread;

    JournalWriter(CaptureProperties properties, CaptureIntake intake, AtomicLong backlog, AtomicLong settled,
                  Semaphore journalled) {
        this.properties = properties;
        this.intake = intake;
        this.pending = intake.pending();
        this.backlog = backlog;
        this.settled = settled;
        this.journalled = journalled;
    }

    /** Starts the {@code capture-journal} thread, which appends to {@code journal} until stopped and nothing waits. */
    void start(CaptureJournal journal) {
        this.journal = journal;
        running = true;
        thread = new Thread(this::journalPending, "capture-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether it was started and not stopped yet (its thread may have died since). */
    boolean isRunning() {
        return running;
    }

    boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    /** How the last journal write failed; null while the journal takes records. */
    String journalError() {
        return journalError;
    }

    /** Journals everything still waiting, then stops; waits for that at most {@code millis}. */
    void stop(long millis) throws InterruptedException {
        running = false;
        thread.join(millis);
    }

    /** Appends what waits, one group and one flush at a time, until stopped and nothing waits. */
    private void journalPending() {
        List<Submission> group = new ArrayList<>();
        try {
            while (running || !pending.isEmpty()) {
                Submission first = pending.poll(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int predictions = first.predictions();
                int bytes = first.encoded().length;
                // a request that would take the group over the journal's room waits for the next group, so
                // that it alone is refused when it cannot fit, not the requests joined with it
                for (Submission next = pending.peek(); next != null
                        && predictions + next.predictions() <= GROUP_PREDICTIONS
                        && journal.hasRoomFor(bytes + next.encoded().length); next = pending.peek()) {
                    group.add(pending.poll());
                    predictions += next.predictions();
                    bytes += next.encoded().length;
                }
                append(group, predictions, bytes);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("the capture journal writer stopped; /health is DOWN and records are refused", e);
            throw e;
        }
    }

    private void append(List<Submission> group, int predictions, int bytes) {
        byte[] payload = new byte[bytes];
        int at = 0;
        for (Submission submission : group) {
            System.arraycopy(submission.encoded(), 0, payload, at, submission.encoded().length);
            at += submission.encoded().length;
        }
        CaptureUnavailableException.Cause failure;
        try {
            journal.append(payload, predictions);
            intake.dequeued(predictions);
            backlog.addAndGet(predictions);
            if (journalError != null) {
                log.info("the capture journal takes records again");
                journalError = null;
            }
            intake.taken(group);
            journalled.release();
            return;
        } catch (CaptureJournal.Full e) {
            failure = CaptureUnavailableException.Cause.JOURNAL_FULL;
        } catch (IOException e) {
            failure = CaptureUnavailableException.Cause.JOURNAL_FAILING;
            if (journalError == null) {
                log.error("cannot write to the capture journal {}: {}", properties.journalDirectory().toAbsolutePath(),
                        e.toString());
            }
            journalError = e.toString();
        }
        intake.dequeued(predictions);
        settled.addAndGet(predictions);
        intake.notTaken(group, failure);
    }
}

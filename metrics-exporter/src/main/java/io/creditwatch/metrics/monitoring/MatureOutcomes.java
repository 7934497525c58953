package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.outcome.Maturity;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.store.ChallengerPrediction;
import io.creditwatch.store.StoredOutcome;

import java.time.LocalDate;
import java.util.PriorityQueue;

/**
 * Which final outcomes count for realized quality and the validation tests, and from when: an
 * undated outcome at once (final as given); a dated one once its prediction's performance window
 * has ended (a complete cohort), so that a young cohort's early defaults are never mixed with the
 * outcomes of complete ones. A dated final outcome of a young prediction (a default within the
 * window) waits here until its window ends. Censored outcomes never count. Not thread-safe.
 */
final class MatureOutcomes {

    /** A final outcome that counts from {@code from} on. */
    private record Waiting(LocalDate from, String predictionId, OutcomeWindow.MatureOutcome outcome) {
    }

    private final PerformanceWindow window;
    private final OutcomeWindow counted;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>((a, b) -> a.from().compareTo(b.from()));

    MatureOutcomes(PerformanceWindow window, int capacity) {
        this.window = window;
        this.counted = new OutcomeWindow(capacity);
    }

    /** Takes one stored outcome and its maturity; only a final one is kept. */
    void add(StoredOutcome label, Maturity maturity, LocalDate today) {
        if (!maturity.isFinal()) {
            return;
        }
        ChallengerPrediction challenger = label.challenger();
        OutcomeWindow.MatureOutcome outcome = new OutcomeWindow.MatureOutcome(label.probability(),
                label.predictedClass(),
                maturity.label(), challenger == null ? Double.NaN : challenger.probability(),
                challenger == null ? null : challenger.modelVersion());
        LocalDate from = label.observedAtMillis() == null ? today
                : window.end(PerformanceWindow.utcDate(label.predictedAtMillis()));
        if (from.isAfter(today)) {
            waiting.add(new Waiting(from, label.predictionId(), outcome));
        } else {
            counted.add(label.predictionId(), outcome);
        }
    }

    /** Moves the outcomes whose windows have ended by {@code today} into the counted window, oldest first. */
    void advanceTo(LocalDate today) {
        while (!waiting.isEmpty() && !waiting.peek().from().isAfter(today)) {
            Waiting next = waiting.poll();
            counted.add(next.predictionId(), next.outcome());
        }
    }

    OutcomeWindow counted() {
        return counted;
    }

    int waiting() {
        return waiting.size();
    }
}

package io.creditwatch.metrics.monitoring;

import io.creditwatch.store.ChallengerPrediction;
import io.creditwatch.store.StoredPrediction;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest {@code capacity} predictions, oldest evicted first, each with its contributions when
 * the exporter explains them (computed once, as the prediction joins, so that a cycle only sums).
 * Not thread-safe.
 */
final class PredictionWindow {

    private final int capacity;
    private final ArrayDeque<StoredPrediction> predictions;
    private final ArrayDeque<double[]> contributions;

    PredictionWindow(int capacity) {
        this.capacity = capacity;
        this.predictions = new ArrayDeque<>(capacity);
        this.contributions = new ArrayDeque<>(capacity);
    }

    /** @param contributions the prediction's contributions, or null when the exporter does not explain */
    void add(StoredPrediction prediction, double[] contributions) {
        if (predictions.size() == capacity) {
            predictions.removeFirst();
            if (!this.contributions.isEmpty()) {
                this.contributions.removeFirst();
            }
        }
        predictions.addLast(prediction);
        if (contributions != null) {
            this.contributions.addLast(contributions);
        }
    }

    int size() {
        return predictions.size();
    }

    /** The earliest time a prediction in the window was made (not the first stored: a backfill is in any order); null when empty. */
    Instant earliest() {
        return predictions.stream().mapToLong(StoredPrediction::predictedAtMillis).min().stream()
                .mapToObj(Instant::ofEpochMilli).findFirst().orElse(null);
    }

    /** The latest time a prediction in the window was made; null when it is empty. */
    Instant latest() {
        return predictions.stream().mapToLong(StoredPrediction::predictedAtMillis).max().stream()
                .mapToObj(Instant::ofEpochMilli).findFirst().orElse(null);
    }

    List<double[]> features() {
        List<double[]> rows = new ArrayList<>(predictions.size());
        predictions.forEach(prediction -> rows.add(prediction.features()));
        return rows;
    }

    double[] scores() {
        return predictions.stream().mapToDouble(StoredPrediction::probability).toArray();
    }

    /** Whether each prediction was a decline (predicted default). */
    boolean[] declined() {
        boolean[] declined = new boolean[predictions.size()];
        int i = 0;
        for (StoredPrediction prediction : predictions) {
            declined[i++] = prediction.predictedClass() == 1;
        }
        return declined;
    }

    /** The swap set of the predictions that this challenger version scored too. */
    SwapSet swapSet(String challengerVersion) {
        long scored = 0;
        long swapIn = 0;
        long swapOut = 0;
        for (StoredPrediction prediction : predictions) {
            ChallengerPrediction challenger = prediction.challenger();
            if (challenger != null && challenger.modelVersion().equals(challengerVersion)) {
                scored++;
                swapIn += prediction.predictedClass() == 1 && challenger.predictedClass() == 0 ? 1 : 0;
                swapOut += prediction.predictedClass() == 0 && challenger.predictedClass() == 1 ? 1 : 0;
            }
        }
        return new SwapSet(scored, swapIn, swapOut);
    }

    /** The contributions of every prediction, in order; empty when the exporter does not explain. */
    List<double[]> contributions() {
        return new ArrayList<>(contributions);
    }
}

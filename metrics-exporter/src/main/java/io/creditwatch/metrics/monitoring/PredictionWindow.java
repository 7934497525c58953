package io.creditwatch.metrics.monitoring;

import io.creditwatch.store.StoredPrediction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The newest {@code capacity} predictions, oldest evicted first. Not thread-safe. */
final class PredictionWindow {

    private final int capacity;
    private final ArrayDeque<StoredPrediction> predictions;

    PredictionWindow(int capacity) {
        this.capacity = capacity;
        this.predictions = new ArrayDeque<>(capacity);
    }

    void add(StoredPrediction prediction) {
        if (predictions.size() == capacity) {
            predictions.removeFirst();
        }
        predictions.addLast(prediction);
    }

    int size() {
        return predictions.size();
    }

    List<double[]> features() {
        List<double[]> rows = new ArrayList<>(predictions.size());
        predictions.forEach(prediction -> rows.add(prediction.features()));
        return rows;
    }

    double[] scores() {
        return predictions.stream().mapToDouble(StoredPrediction::probability).toArray();
    }
}

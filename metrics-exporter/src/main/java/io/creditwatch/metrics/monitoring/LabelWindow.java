package io.creditwatch.metrics.monitoring;

import io.creditwatch.store.StoredLabel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels of the newest {@code capacity} labelled predictions. A new label for a prediction
 * replaces its old one (the last label wins) and counts as the newest. Not thread-safe.
 */
final class LabelWindow {

    private final int capacity;
    private final LinkedHashMap<String, StoredLabel> labels = new LinkedHashMap<>();

    LabelWindow(int capacity) {
        this.capacity = capacity;
    }

    void add(StoredLabel label) {
        labels.remove(label.predictionId());
        labels.put(label.predictionId(), label);
        if (labels.size() > capacity) {
            labels.remove(labels.keySet().iterator().next());
        }
    }

    int size() {
        return labels.size();
    }

    Map<String, StoredLabel> labels() {
        return labels;
    }
}

package io.creditwatch.metrics.monitoring;

import java.util.LinkedHashMap;

/**
 * The outcomes of the newest {@code capacity} predictions whose outcome counts for realized
 * quality, newest by the time they came to count. A new outcome for a prediction replaces its old
 * one and counts as the newest. Not thread-safe.
 */
final class OutcomeWindow {

    /**
     * What realized quality needs of one prediction: what the model said and the mature outcome (1
     * default), and the challenger's probability and version when one scored it in the shadow (NaN and null if not).
     */
    record MatureOutcome(double probability, int predictedClass, int label, double challengerProbability,
                         String challengerVersion) {

        MatureOutcome(double probability, int predictedClass, int label) {
            this(probability, predictedClass, label, Double.NaN, null);
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, MatureOutcome> outcomes = new LinkedHashMap<>();

    OutcomeWindow(int capacity) {
        this.capacity = capacity;
    }

    void add(String predictionId, MatureOutcome outcome) {
        outcomes.remove(predictionId);
        outcomes.put(predictionId, outcome);
        if (outcomes.size() > capacity) {
            outcomes.remove(outcomes.keySet().iterator().next());
        }
    }

    int size() {
        return outcomes.size();
    }

    Iterable<MatureOutcome> outcomes() {
        return outcomes.values();
    }
}

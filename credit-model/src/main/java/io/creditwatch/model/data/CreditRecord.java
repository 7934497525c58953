package io.creditwatch.model.data;

import io.creditwatch.model.schema.Feature;

/**
 * One row of credit data: a value per {@link Feature} ({@link Double#NaN} for missing) and the
 * label {@code SeriousDlqin2yrs} (1 = default), or {@link #UNLABELED}.
 */
public record CreditRecord(double[] features, int label) {

    public static final int UNLABELED = -1;

    public CreditRecord {
        if (features.length != Feature.COUNT) {
            throw new IllegalArgumentException("expected " + Feature.COUNT + " features, got " + features.length);
        }
        if (label != 0 && label != 1 && label != UNLABELED) {
            throw new IllegalArgumentException("label must be 0, 1 or unlabeled, got " + label);
        }
    }

    public double get(Feature feature) {
        return features[feature.ordinal()];
    }

    public boolean labeled() {
        return label != UNLABELED;
    }
}

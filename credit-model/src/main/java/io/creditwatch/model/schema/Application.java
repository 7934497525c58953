package io.creditwatch.model.schema;

import java.util.Arrays;

/**
 * One valid credit application: a value per {@link Feature}, indexed by its ordinal, with
 * {@link Double#NaN} where a nullable feature is missing.
 */
public record Application(double[] values) {

    public Application {
        if (values.length != Feature.COUNT) {
            throw new IllegalArgumentException("expected " + Feature.COUNT + " values, got " + values.length);
        }
    }

    public double get(Feature feature) {
        return values[feature.ordinal()];
    }

    public boolean isMissing(Feature feature) {
        return Double.isNaN(values[feature.ordinal()]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Application that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Application" + Arrays.toString(values);
    }
}

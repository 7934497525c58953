package io.creditwatch.model.data;

/**
 * An inverse cumulative distribution given by knots (probability, value) and linear
 * interpolation between them; a run of equal values is a point mass.
 */
final class QuantileCurve {

    private final double[] probabilities;
    private final double[] values;

    QuantileCurve(double... knots) {
        if (knots.length < 4 || knots.length % 2 != 0) {
            throw new IllegalArgumentException("knots come in (probability, value) pairs, at least two");
        }
        probabilities = new double[knots.length / 2];
        values = new double[knots.length / 2];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = knots[2 * i];
            values[i] = knots[2 * i + 1];
            if (i > 0 && (probabilities[i] <= probabilities[i - 1] || values[i] < values[i - 1])) {
                throw new IllegalArgumentException("knots must increase, at pair " + i);
            }
        }
        if (probabilities[0] != 0 || probabilities[probabilities.length - 1] != 1) {
            throw new IllegalArgumentException("knots must span probabilities 0 to 1");
        }
    }

    double valueAt(double probability) {
        int upper = 1;
        while (upper < probabilities.length - 1 && probabilities[upper] < probability) {
            upper++;
        }
        int lower = upper - 1;
        double fraction = (probability - probabilities[lower]) / (probabilities[upper] - probabilities[lower]);
        return values[lower] + Math.max(0, Math.min(1, fraction)) * (values[upper] - values[lower]);
    }
}

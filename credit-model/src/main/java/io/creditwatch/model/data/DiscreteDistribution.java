package io.creditwatch.model.data;

/** A distribution over 0, 1, 2, ... given by its probabilities, sampled by inversion. */
final class DiscreteDistribution {

    private final double[] cumulative;

    DiscreteDistribution(double... probabilities) {
        cumulative = new double[probabilities.length];
        double total = 0;
        for (double p : probabilities) {
            total += p;
        }
        double running = 0;
        for (int i = 0; i < probabilities.length; i++) {
            running += probabilities[i] / total;
            cumulative[i] = running;
        }
    }

    int valueAt(double probability) {
        for (int value = 0; value < cumulative.length; value++) {
            if (probability < cumulative[value]) {
                return value;
            }
        }
        return cumulative.length - 1;
    }
}

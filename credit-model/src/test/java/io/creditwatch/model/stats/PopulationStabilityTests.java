package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PopulationStabilityTests {

    // Reference values computed once with an independent Python implementation of the same
    // definition (sum of (a - e) * ln(a / e) over Laplace-smoothed proportions, pseudo-count 0.5).

    @Test
    void matchesTheReferenceImplementation() {
        assertThat(PopulationStability.psi(new long[]{50, 30, 20, 0}, new long[]{40, 30, 25, 5}))
                .isCloseTo(0.14987703740960934, within(1e-12));
        assertThat(PopulationStability.psi(new long[]{1000, 0}, new long[]{0, 1000}))
                .isCloseTo(15.18761705211535, within(1e-9));
    }

    @Test
    void identicalDistributionsAreStable() {
        assertThat(PopulationStability.psi(new long[]{100, 100}, new long[]{100, 100})).isZero();
        assertThat(PopulationStability.psi(new long[]{1000, 500, 250}, new long[]{100, 50, 25}))
                .isLessThan(0.001);
    }

    @Test
    void symmetricAndNonNegative() {
        long[] a = {10, 20, 30, 40};
        long[] b = {40, 30, 20, 10};
        assertThat(PopulationStability.psi(a, b)).isEqualTo(PopulationStability.psi(b, a)).isPositive();
    }

    @Test
    void binsMustMatch() {
        assertThatThrownBy(() -> PopulationStability.psi(new long[]{1, 2}, new long[]{1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PopulationStability.psi(new long[]{1, -2}, new long[]{1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

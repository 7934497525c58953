package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NormalDistributionTests {

    @Test
    void matchesTabulatedValues() {
        assertThat(NormalDistribution.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(NormalDistribution.cdf(1.959963985)).isCloseTo(0.975, within(1e-7));
        assertThat(NormalDistribution.cdf(-1)).isCloseTo(0.158655254, within(1e-7));
        assertThat(NormalDistribution.cdf(3)).isCloseTo(0.998650102, within(1e-7));
    }
}

package io.creditwatch.model.estimation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExpectedCalibrationErrorTests {

    @Test
    void weighsEachEqualCountBinsGap() {
        // bins {0.1, 0.2} (mean 0.15, no default) and {0.3, 0.4} (mean 0.35, two): 0.5 * 0.15 + 0.5 * 0.65
        double ece = ExpectedCalibrationError.of(new double[]{0.4, 0.1, 0.3, 0.2}, new int[]{1, 0, 1, 0}, 2);

        assertThat(ece).isCloseTo(0.4, within(1e-15));
    }

    @Test
    void lastBinTakesTheRemainder() {
        // 5 rows in 2 bins: {0.1, 0.2} and {0.3, 0.5, 0.7} with one default: 0.4 * 0.15 + 0.6 * |0.5 - 1/3|
        double ece = ExpectedCalibrationError.of(new double[]{0.1, 0.2, 0.3, 0.5, 0.7}, new int[]{0, 0, 0, 1, 0}, 2);

        assertThat(ece).isCloseTo(0.4 * 0.15 + 0.6 * (0.5 - 1.0 / 3), within(1e-15));
    }

    @Test
    void isZeroWhenEachBinsMeanIsItsRate() {
        assertThat(ExpectedCalibrationError.of(new double[]{0, 0, 0.5, 0.5}, new int[]{0, 0, 0, 1}, 2)).isZero();
    }

    @Test
    void needsTwoBinsOfTwo() {
        assertThatThrownBy(() -> ExpectedCalibrationError.of(new double[]{0.1, 0.2, 0.3}, new int[]{0, 1, 0}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 rows");
    }
}

package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values computed once with SciPy 1.17: {@code scipy.stats.beta.cdf(pd, d + 0.5, n - d + 0.5)},
 * {@code 2 * min(binom.cdf(d, n, pd), binom.sf(d - 1, n, pd))}, {@code chi2.sf} and
 * {@code fisher_exact(table, alternative="greater")}.
 */
class CalibrationTests {

    @Test
    void jeffreysAgreesWithScipy() {
        assertThat(Calibration.jeffreysPValue(1000, 80, 0.06)).isCloseTo(0.0052385644836638635, within(1e-12));
        assertThat(Calibration.jeffreysPValue(1000, 60, 0.06)).isCloseTo(0.4921932009652563, within(1e-12));
        assertThat(Calibration.jeffreysPValue(50, 0, 0.02)).isCloseTo(0.845821418273208, within(1e-12));
        assertThat(Calibration.jeffreysPValue(200, 15, 0.03)).isCloseTo(0.0006806531807664573, within(1e-14));
        assertThat(Calibration.jeffreysPValue(5000, 700, 0.07)).isCloseTo(5.294463471720185e-67, within(1e-75));
    }

    @Test
    void jeffreysIsOneSided() {
        assertThat(Calibration.jeffreysPValue(1000, 30, 0.06)).as("PDs too high are not flagged").isGreaterThan(0.99);
    }

    @Test
    void binomialTwoSidedAgreesWithScipy() {
        assertThat(Calibration.binomialPValue(1000, 80, 0.06)).isCloseTo(0.012461447365879496, within(1e-12));
        assertThat(Calibration.binomialPValue(1000, 45, 0.06)).as("too few defaults count as well")
                .isCloseTo(0.046412846960033435, within(1e-12));
        assertThat(Calibration.binomialPValue(50, 0, 0.02)).isCloseTo(0.7283393601742342, within(1e-12));
        assertThat(Calibration.binomialPValue(200, 15, 0.03)).isCloseTo(0.002294190613394884, within(1e-12));
    }

    @Test
    void hosmerLemeshowAgreesWithScipy() {
        // (10 - 10)² / 9.8 + (20 - 18)² / 16.92 + (30 - 24)² / 21.12 = 1.9409521 on 3 degrees of freedom.
        Calibration.HosmerLemeshow test = Calibration.hosmerLemeshow(new long[]{500, 300, 200}, new long[]{10, 20, 30},
                new double[]{0.02, 0.06, 0.12});

        assertThat(test.statistic()).isCloseTo(1.9409520739307973, within(1e-12));
        assertThat(test.degreesOfFreedom()).isEqualTo(3);
        assertThat(test.pValue()).isCloseTo(0.5847523146259097, within(1e-12));
    }

    @Test
    void fisherOneSidedAgreesWithScipy() {
        assertThat(Calibration.higherRatePValue(500, 30, 500, 20)).isCloseTo(0.09557151848514656, within(1e-12));
        assertThat(Calibration.higherRatePValue(100, 5, 100, 1)).isCloseTo(0.10582392634786585, within(1e-12));
        assertThat(Calibration.higherRatePValue(100, 0, 100, 3)).isEqualTo(1.0);
        assertThat(Calibration.higherRatePValue(400, 12, 400, 18)).isCloseTo(0.9040380172787488, within(1e-12));
    }

    @Test
    void herfindahlRunsFromEvenToConcentrated() {
        assertThat(Calibration.herfindahl(new long[]{25, 25, 25, 25})).isEqualTo(0.25);
        assertThat(Calibration.herfindahl(new long[]{0, 100, 0})).isEqualTo(1.0);
        // shares 0.5, 0.3, 0.2: 0.25 + 0.09 + 0.04
        assertThat(Calibration.herfindahl(new long[]{50, 30, 20})).isCloseTo(0.38, within(1e-12));
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> Calibration.jeffreysPValue(10, 11, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Calibration.binomialPValue(10, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Calibration.herfindahl(new long[]{0, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}

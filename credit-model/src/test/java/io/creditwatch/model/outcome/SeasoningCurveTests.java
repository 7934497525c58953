package io.creditwatch.model.outcome;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SeasoningCurveTests {

    @Test
    void theStandardCurveHasNoDefaultBeforeMonthThreeAndRisesToOne() {
        SeasoningCurve curve = SeasoningCurve.standard(24);

        assertThat(curve.windowMonths()).isEqualTo(24);
        assertThat(curve.cumulativeShare().subList(0, 4)).containsOnly(0.0);
        assertThat(curve.cumulativeShare()).isSorted();
        assertThat(curve.shareBy(24)).isEqualTo(1);
        assertThat(curve.source()).isEqualTo("standard");
        // Gamma(shape 2.5, scale 4) from month 3, truncated at month 24 (21 months): its CDF at 9 months
        // over its CDF at 21 months, 0.520117 / 0.937754 (SciPy 1.17, scipy.stats.gamma(2.5, scale=4).cdf),
        // is the share of defaults by month 12
        assertThat(curve.shareBy(12)).isCloseTo(0.554641, within(1e-4));
    }

    @Test
    void sharesBetweenWholeMonthsAreInterpolatedAndClampedOutsideTheWindow() {
        SeasoningCurve curve = new SeasoningCurve(List.of(0.0, 0.2, 0.6, 1.0), "test");

        assertThat(curve.shareBy(1.5)).isCloseTo(0.4, within(1e-12));
        assertThat(curve.shareBy(-1)).isZero();
        assertThat(curve.shareBy(7)).isEqualTo(1);
        assertThat(curve.monthsOnBookAt(0.4)).isCloseTo(1.5, within(1e-12));
        assertThat(curve.monthsOnBookAt(0.1)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aCurveIsEstimatedFromDefaultsByMonthOnBook() {
        SeasoningCurve estimated = SeasoningCurve.estimate(new long[]{0, 0, 1, 3, 4}, "store");

        assertThat(estimated.cumulativeShare()).containsExactly(0.0, 0.0, 0.125, 0.5, 1.0);
        assertThat(SeasoningCurve.estimate(new long[5], "store")).isNull();
    }

    @Test
    void aCurveThatFallsOrDoesNotEndAtOneIsRefused() {
        assertThatThrownBy(() -> new SeasoningCurve(List.of(0.0, 0.5, 0.4, 1.0), "x"))
                .hasMessageContaining("month 2 has 0.4 after 0.5");
        assertThatThrownBy(() -> new SeasoningCurve(List.of(0.0, 0.5, 0.9), "x")).hasMessageContaining("ends at 1");
        assertThatThrownBy(() -> new SeasoningCurve(List.of(1.0), "x")).isInstanceOf(IllegalArgumentException.class);
    }
}

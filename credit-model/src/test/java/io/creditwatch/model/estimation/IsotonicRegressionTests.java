package io.creditwatch.model.estimation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Pool-adjacent-violators on cases worked by hand. */
class IsotonicRegressionTests {

    @Test
    void poolsAdjacentViolatorsAndKeepsEachBlocksEnds() {
        // labels 0 | 1 0 0 | 1 1: (1, 0) violate and pool to 1/2, then 0 follows and the block is 1/3
        IsotonicRegression regression = IsotonicRegression.fit(new double[]{0.1, 0.2, 0.3, 0.4, 0.5, 0.6},
                new int[]{0, 1, 0, 0, 1, 1});

        assertThat(regression.thresholds()).containsExactly(0.1, 0.2, 0.4, 0.5, 0.6);
        assertThat(regression.values()).containsExactly(0.0, 1.0 / 3, 1.0 / 3, 1.0, 1.0);
    }

    @Test
    void interpolatesBetweenBlocksAndClipsOutside() {
        IsotonicRegression regression = IsotonicRegression.fit(new double[]{0.1, 0.2, 0.3, 0.4, 0.5, 0.6},
                new int[]{0, 1, 0, 0, 1, 1});

        assertThat(regression.apply(0.3)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(regression.apply(0.45)).as("halfway from (0.4, 1/3) to (0.5, 1)").isCloseTo(2.0 / 3, within(1e-15));
        assertThat(regression.apply(0.15)).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(regression.apply(0.0)).isZero();
        assertThat(regression.apply(0.99)).isEqualTo(1.0);
    }

    @Test
    void poolsTiedScoresBeforeOrdering() {
        // the three rows at 0.2 hold one default: 1/3, above the 0 at 0.5, so all four pool to 1/4
        IsotonicRegression regression = IsotonicRegression.fit(new double[]{0.5, 0.2, 0.2, 0.2},
                new int[]{0, 0, 1, 0});

        assertThat(regression.thresholds()).containsExactly(0.2, 0.5);
        assertThat(regression.values()).containsExactly(0.25, 0.25);
    }

    @Test
    void alternatingLabelsPoolToOneBlock() {
        IsotonicRegression regression = IsotonicRegression.fit(new double[]{1, 2, 3, 4}, new int[]{1, 0, 1, 0});

        assertThat(regression.thresholds()).containsExactly(1.0, 4.0);
        assertThat(regression.values()).containsExactly(0.5, 0.5);
    }

    @Test
    void leavesOrderedMeansAsTheyAre() {
        IsotonicRegression regression = IsotonicRegression.fit(new double[]{0.3, 0.1, 0.2}, new int[]{1, 0, 1});

        assertThat(regression.thresholds()).containsExactly(0.1, 0.2, 0.3);
        assertThat(regression.values()).containsExactly(0.0, 1.0, 1.0);
        assertThat(regression.apply(new double[]{0.1, 0.15, 0.25})).containsExactly(new double[]{0.0, 0.5, 1.0},
                within(1e-15));
    }

    @Test
    void refusesAMapThatDecreases() {
        assertThatThrownBy(() -> new IsotonicRegression(List.of(0.1, 0.2), List.of(0.5, 0.4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point 1");
        assertThatThrownBy(() -> IsotonicRegression.fit(new double[]{0.1}, new int[]{2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

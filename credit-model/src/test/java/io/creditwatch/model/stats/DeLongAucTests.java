package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DeLongAucTests {

    @Test
    void handWorkedExample() {
        // Positives 0.9, 0.8, 0.6, 0.4 against negatives 0.7, 0.55, 0.3, 0.2, 0.1, 0.05.
        // Positive placements 1, 1, 5/6, 4/6 (mean 0.875); negative placements 1/2, 3/4, 1, 1, 1, 1.
        // S10 = (0.125² + 0.125² + 0.0417² + 0.2083²) / 3 = 0.0254630, S01 = 0.21875 / 5 = 0.04375,
        // variance = S10 / 4 + S01 / 6 = 0.0136574, standard error 0.1168649.
        DeLongAuc auc = DeLongAuc.of(new double[]{0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05},
                new int[]{1, 1, 0, 1, 0, 1, 0, 0, 0, 0});

        assertThat(auc.auc()).isEqualTo(0.875);
        assertThat(auc.gini()).isEqualTo(0.75);
        assertThat(auc.standardError()).isCloseTo(0.11686491093312572, within(1e-12));
        // Interval and test: scipy.stats.norm (SciPy 1.17) on the values above.
        assertThat(auc.lower(0.95)).isCloseTo(0.6459489835145924, within(1e-9));
        assertThat(auc.upper(0.95)).as("clipped at 1").isEqualTo(1.0);
        assertThat(auc.pValueAgainst(0.95)).isCloseTo(0.26051235991793054, within(1e-9));
        assertThat(auc.pValueAgainst(0.875)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void agreesWithCountingEveryPairOnTiedScores() {
        // Reference: DeLong's structural components computed pair by pair in plain Python
        // (psi(x, y) = 1, 1/2 or 0), on the same deterministic 60 rows with many tied scores.
        int n = 60;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int bucket = (i * 37) % 23;
            scores[i] = bucket / 23.0;
            labels[i] = (i * i * 31 + bucket * 3) % 10 < 3 ? 1 : 0;
        }
        DeLongAuc auc = DeLongAuc.of(scores, labels);

        assertThat(auc.positives()).isEqualTo(17);
        assertThat(auc.negatives()).isEqualTo(43);
        assertThat(auc.auc()).isCloseTo(0.5328317373461013, within(1e-12));
        assertThat(auc.standardError()).isCloseTo(0.08494301465386311, within(1e-12));
        assertThat(auc.auc()).isCloseTo(RankingMetrics.of(scores, labels).aucRoc(), within(1e-12));
    }

    @Test
    void perfectSeparationHasNoSpreadAndATestThatStillAnswers() {
        DeLongAuc auc = DeLongAuc.of(new double[]{0.1, 0.2, 0.8, 0.9}, new int[]{0, 0, 1, 1});

        assertThat(auc.auc()).isEqualTo(1.0);
        assertThat(auc.standardError()).isZero();
        assertThat(auc.pValueAgainst(0.9)).isEqualTo(1.0);
        assertThat(DeLongAuc.of(new double[]{0.9, 0.8, 0.2, 0.1}, new int[]{0, 0, 1, 1}).pValueAgainst(0.9)).isZero();
    }

    @Test
    void needsTwoOfEachClass() {
        assertThatThrownBy(() -> DeLongAuc.of(new double[]{0.1, 0.2, 0.3}, new int[]{0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two of each class");
    }
}

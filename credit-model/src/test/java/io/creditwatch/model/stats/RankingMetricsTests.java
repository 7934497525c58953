package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RankingMetricsTests {

    @Test
    void handComputedExampleWithTies() {
        // Positives 0.35 and 0.8 against negatives 0.1, 0.4, 0.35:
        // pairs won 1 + 0 + 0.5 (tie) + 3 = 4.5 of 6, so AUC 0.75.
        // Cumulative shares by score: 0.1 (neg 1/3, pos 0), 0.35 (2/3, 1/2), 0.4 (1, 1/2), 0.8 (1, 1): KS 0.5.
        RankingMetrics metrics = RankingMetrics.of(new double[]{0.1, 0.4, 0.35, 0.8, 0.35}, new int[]{0, 0, 1, 1, 0});

        assertThat(metrics.aucRoc()).isEqualTo(0.75);
        assertThat(metrics.gini()).isEqualTo(0.5);
        assertThat(metrics.ks()).isCloseTo(0.5, within(1e-12));
        assertThat(metrics.positives()).isEqualTo(2);
        assertThat(metrics.negatives()).isEqualTo(3);
    }

    @Test
    void perfectReversedAndConstantScores() {
        int[] labels = {0, 0, 1, 1};
        assertThat(RankingMetrics.of(new double[]{1, 2, 3, 4}, labels).aucRoc()).isEqualTo(1.0);
        assertThat(RankingMetrics.of(new double[]{1, 2, 3, 4}, labels).ks()).isEqualTo(1.0);
        assertThat(RankingMetrics.of(new double[]{4, 3, 2, 1}, labels).aucRoc()).isEqualTo(0.0);
        assertThat(RankingMetrics.of(new double[]{5, 5, 5, 5}, labels).aucRoc()).isEqualTo(0.5);
        assertThat(RankingMetrics.of(new double[]{5, 5, 5, 5}, labels).ks()).isEqualTo(0.0);
    }

    @Test
    void agreesWithCountingEveryPair() {
        Random random = new Random(7);
        int n = 400;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
            scores[i] = Math.round((random.nextGaussian() + labels[i]) * 4) / 4.0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(RankingMetrics.of(scores, labels).aucRoc()).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void needsBothClassesAndBinaryLabels() {
        assertThatThrownBy(() -> RankingMetrics.of(new double[]{0.1, 0.2}, new int[]{1, 1}))
                .hasMessageContaining("both classes");
        assertThatThrownBy(() -> RankingMetrics.of(new double[]{0.1, 0.2}, new int[]{0, 2}))
                .hasMessageContaining("not 0 or 1");
    }
}

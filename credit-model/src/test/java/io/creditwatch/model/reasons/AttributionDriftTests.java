package io.creditwatch.model.reasons;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * nDCG against values worked out by hand from the DCG formula of Järvelin and Kekäläinen (2002),
 * DCG = Σ rel_i / log2(i + 1), with linear gain as SageMaker Clarify uses it.
 */
class AttributionDriftTests {

    private static final double[] REFERENCE = {3, 2, 1};

    @Test
    void theReferencesOwnRankingScoresOne() {
        assertThat(AttributionDrift.ndcg(REFERENCE, new double[]{30, 20, 10})).isEqualTo(1.0);
    }

    /** IDCG = 3/1 + 2/log2(3) + 1/2 = 4.7618595; ranking B, A, C: DCG = 2/1 + 3/log2(3) + 1/2 = 4.3927893. */
    @Test
    void swappingTheFirstTwoFeaturesCostsWhatTheFormulaSays() {
        assertThat(AttributionDrift.ndcg(REFERENCE, new double[]{0.2, 0.3, 0.1})).isCloseTo(0.92249451, within(1e-8));
    }

    /** Ranking C, B, A: DCG = 1/1 + 2/log2(3) + 3/2 = 3.7618595, so nDCG = 0.7899980, below the 0.9 of an alert. */
    @Test
    void theReversedRankingCostsMost() {
        double ndcg = AttributionDrift.ndcg(REFERENCE, new double[]{0.1, 0.2, 0.3});

        assertThat(ndcg).isCloseTo(0.78999800, within(1e-8));
        assertThat(ndcg).isLessThan(AttributionDrift.ALERT_BELOW);
    }

    @Test
    void onlyTheWindowsRankingCountsNotItsScale() {
        assertThat(AttributionDrift.ndcg(REFERENCE, new double[]{2, 3, 1}))
                .isEqualTo(AttributionDrift.ndcg(REFERENCE, new double[]{0.002, 0.003, 0.001}));
    }

    @Test
    void tiesKeepTheSchemasOrder() {
        assertThat(AttributionDrift.ranking(new double[]{1, 2, 2, 0})).containsExactly(1, 2, 0, 3);
        assertThat(AttributionDrift.ndcg(REFERENCE, new double[]{0, 0, 0})).isEqualTo(1.0);
    }

    @Test
    void aReferenceWithoutWeightHasNoNdcgAndRankingsMustMatchInLength() {
        assertThat(AttributionDrift.ndcg(new double[]{0, 0}, new double[]{1, 2})).isNaN();
        assertThatThrownBy(() -> AttributionDrift.ndcg(REFERENCE, new double[]{1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

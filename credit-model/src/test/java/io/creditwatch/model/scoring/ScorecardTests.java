package io.creditwatch.model.scoring;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScorecardTests {

    private final Scorecard scorecard = new Scorecard(600, 50, 20);

    @Test
    void baseOddsScoreTheBaseScoreAndDoublingAddsThePoints() {
        // odds 50:1 good to bad is p = 1/51
        assertThat(scorecard.score(1.0 / 51)).isEqualTo(600);
        // odds 100:1 is p = 1/101; odds 25:1 is p = 1/26
        assertThat(scorecard.score(1.0 / 101)).isEqualTo(620);
        assertThat(scorecard.score(1.0 / 26)).isEqualTo(580);
        // even odds: 600 - 20 * log2(50) = 487.12...
        assertThat(scorecard.score(0.5)).isEqualTo(487);
    }

    @Test
    void extremeProbabilitiesStayFinite() {
        assertThat(scorecard.score(0)).isEqualTo(scorecard.score(1e-6));
        assertThat(scorecard.score(1)).isEqualTo(scorecard.score(1 - 1e-6));
        assertThat(scorecard.score(1)).isLessThan(scorecard.score(0.99));
    }

    @Test
    void riskBandsByProbability() {
        RiskBands bands = new RiskBands(List.of(new RiskBands.Band("low", 0.1), new RiskBands.Band("medium", 0.3),
                new RiskBands.Band("high", 1.0)));

        assertThat(bands.bandOf(0.0)).isEqualTo("low");
        assertThat(bands.bandOf(0.1)).isEqualTo("medium");
        assertThat(bands.bandOf(0.29)).isEqualTo("medium");
        assertThat(bands.bandOf(1.0)).isEqualTo("high");
        assertThat(bands.names()).containsExactly("low", "medium", "high");
        assertThatThrownBy(() -> new RiskBands(List.of(new RiskBands.Band("low", 0.5))))
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> new RiskBands(List.of(new RiskBands.Band("a", 0.5), new RiskBands.Band("b", 0.4),
                new RiskBands.Band("c", 1)))).hasMessageContaining("increase");
    }
}

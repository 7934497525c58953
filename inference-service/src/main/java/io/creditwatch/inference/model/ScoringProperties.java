package io.creditwatch.inference.model;

import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Scorecard scaling and risk bands; what is not set is {@link Scorecard#STANDARD} and
 * {@link RiskBands#STANDARD}, the defaults the command line's {@code score} uses too.
 */
@ConfigurationProperties("inference.scoring")
record ScoringProperties(Double baseScore, Double baseOdds, Double pointsToDoubleOdds, List<RiskBands.Band> riskBands) {

    Scorecard scorecard() {
        Scorecard standard = Scorecard.STANDARD;
        return new Scorecard(baseScore != null ? baseScore : standard.baseScore(),
                baseOdds != null ? baseOdds : standard.baseOdds(),
                pointsToDoubleOdds != null ? pointsToDoubleOdds : standard.pointsToDoubleOdds());
    }

    RiskBands bands() {
        return riskBands == null || riskBands.isEmpty() ? RiskBands.STANDARD : new RiskBands(riskBands);
    }
}

package io.creditwatch.inference.model;

import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/** Scorecard scaling and risk bands (see {@link Scorecard} and {@link RiskBands}). */
@ConfigurationProperties("inference.scoring")
record ScoringProperties(@DefaultValue("600") double baseScore, @DefaultValue("50") double baseOdds,
                         @DefaultValue("20") double pointsToDoubleOdds, List<RiskBands.Band> riskBands) {

    Scorecard scorecard() {
        return new Scorecard(baseScore, baseOdds, pointsToDoubleOdds);
    }

    RiskBands bands() {
        return new RiskBands(riskBands);
    }
}

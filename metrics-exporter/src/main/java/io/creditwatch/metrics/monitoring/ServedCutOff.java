package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.scoring.DecisionPolicy;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The inference service's cut-off override, read from the same variables (set on both services):
 * at most one of {@code INFERENCE_DECISION_CUTOFF_PD}, {@code _SCORE} and {@code _BAND}, a score or
 * band one turned into its PD by the same {@code INFERENCE_SCORING_*} scorecard and risk bands the
 * service uses, or {@code INFERENCE_MODEL_THRESHOLD}, which the service takes as a PD cut-off. None
 * set: the model card's cut-off, as the service decides without them.
 */
@ConfigurationProperties("inference")
record ServedCutOff(Model model, Decision decision, Scoring scoring) {

    record Model(Double threshold) {
    }

    record Decision(Double cutoffPd, Long cutoffScore, String cutoffBand) {
    }

    record Scoring(Double baseScore, Double baseOdds, Double pointsToDoubleOdds, List<RiskBands.Band> riskBands) {
    }

    static final ServedCutOff NONE = new ServedCutOff(null, null, null);

    ServedCutOff {
        DecisionPolicy override = override(decision);
        if (override != null && model != null && model.threshold() != null) {
            throw new IllegalArgumentException("INFERENCE_MODEL_THRESHOLD and " + override.description()
                    + " are both set: set one cut-off, INFERENCE_DECISION_CUTOFF_PD for a PD");
        }
    }

    /** The deployment's cut-off, or null: the card's decides. */
    DecisionPolicy override() {
        return model != null && model.threshold() != null ? DecisionPolicy.ofPd(model.threshold()) : override(decision);
    }

    /** The PD the deployment's cut-off comes to under the service's scorecard and bands, or null. */
    Double overridePd() {
        DecisionPolicy policy = override();
        return policy == null ? null : policy.probabilityCutOff(scorecard(), bands());
    }

    private static DecisionPolicy override(Decision decision) {
        if (decision == null || decision.cutoffPd() == null && decision.cutoffScore() == null
                && decision.cutoffBand() == null) {
            return null;
        }
        int given = (decision.cutoffPd() != null ? 1 : 0) + (decision.cutoffScore() != null ? 1 : 0)
                + (decision.cutoffBand() != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("set at most one of INFERENCE_DECISION_CUTOFF_PD, "
                    + "INFERENCE_DECISION_CUTOFF_SCORE, INFERENCE_DECISION_CUTOFF_BAND: each is a whole cut-off, "
                    + given + " are set");
        }
        return new DecisionPolicy(decision.cutoffPd(), decision.cutoffScore(), decision.cutoffBand());
    }

    private Scorecard scorecard() {
        Scorecard standard = Scorecard.STANDARD;
        if (scoring == null) {
            return standard;
        }
        return new Scorecard(scoring.baseScore() != null ? scoring.baseScore() : standard.baseScore(),
                scoring.baseOdds() != null ? scoring.baseOdds() : standard.baseOdds(),
                scoring.pointsToDoubleOdds() != null ? scoring.pointsToDoubleOdds() : standard.pointsToDoubleOdds());
    }

    private RiskBands bands() {
        return scoring == null || scoring.riskBands() == null || scoring.riskBands().isEmpty() ? RiskBands.STANDARD
                : new RiskBands(scoring.riskBands());
    }
}

package io.creditwatch.inference.model;

import io.creditwatch.model.scoring.DecisionPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The deployment's override of the model card's cut-off: at most one of {@code
 * INFERENCE_DECISION_CUTOFF_PD} (at or above it declined), {@code _SCORE} (below it declined) and
 * {@code _BAND} (that risk band and worse declined). None set: the card's cut-off decides, or for a
 * card written before cut-offs its threshold ({@code INFERENCE_MODEL_THRESHOLD} is then a PD
 * cut-off too, and may not be set beside these). Set the same on the metrics exporter, so that its
 * hold-out and estimated figures are at the cut-off the service decides with.
 */
@ConfigurationProperties("inference.decision")
record DecisionProperties(Double cutoffPd, Long cutoffScore, String cutoffBand) {

    static final String VARIABLES = "INFERENCE_DECISION_CUTOFF_PD, INFERENCE_DECISION_CUTOFF_SCORE, "
            + "INFERENCE_DECISION_CUTOFF_BAND";

    DecisionProperties {
        int given = (cutoffPd != null ? 1 : 0) + (cutoffScore != null ? 1 : 0) + (cutoffBand != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("set at most one of " + VARIABLES + ": each is a whole cut-off, "
                    + given + " are set");
        }
        if (given == 1) {
            // checks the value: a PD in (0, 1], a band named
            new DecisionPolicy(cutoffPd, cutoffScore, cutoffBand);
        }
    }

    /** The deployment's cut-off, or null when the model card's decides. */
    DecisionPolicy override() {
        return cutoffPd == null && cutoffScore == null && cutoffBand == null ? null
                : new DecisionPolicy(cutoffPd, cutoffScore, cutoffBand);
    }
}

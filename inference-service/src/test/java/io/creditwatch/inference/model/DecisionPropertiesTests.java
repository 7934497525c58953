package io.creditwatch.inference.model;

import io.creditwatch.model.scoring.DecisionPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DecisionPropertiesTests {

    @Test
    void noVariableLeavesTheCardsCutOff() {
        assertThat(new DecisionProperties(null, null, null).override()).isNull();
    }

    @Test
    void eachVariableIsAWholeCutOff() {
        assertThat(new DecisionProperties(0.12, null, null).override()).isEqualTo(DecisionPolicy.ofPd(0.12));
        assertThat(new DecisionProperties(null, 560L, null).override()).isEqualTo(DecisionPolicy.ofScore(560));
        assertThat(new DecisionProperties(null, null, "high").override()).isEqualTo(DecisionPolicy.ofBand("high"));
    }

    @Test
    void twoVariablesAreRefusedNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DecisionProperties(0.12, 560L, null))
                .withMessage("set at most one of INFERENCE_DECISION_CUTOFF_PD, INFERENCE_DECISION_CUTOFF_SCORE, "
                        + "INFERENCE_DECISION_CUTOFF_BAND: each is a whole cut-off, 2 are set");
        assertThatIllegalArgumentException().isThrownBy(() -> new DecisionProperties(1.5, null, null))
                .withMessageContaining("at most 1");
    }
}

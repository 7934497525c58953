package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.scoring.DecisionPolicy;
import io.creditwatch.model.scoring.RiskBands;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The exporter reads the service's cut-off override from the service's own variables. */
class ServedCutOffTests {

    @Test
    void nothingSetLeavesTheCardsCutOff() {
        assertThat(ServedCutOff.NONE.overridePd()).isNull();
        assertThat(new ServedCutOff(new ServedCutOff.Model(null), new ServedCutOff.Decision(null, null, null), null)
                .overridePd()).isNull();
    }

    /** 560 on the standard scorecard: 1 / (1 + exp((559.5 − offset) / factor)), computed in Python. */
    @Test
    void aScoreOrBandComesToItsPdUnderTheServicesScoring() {
        assertThat(new ServedCutOff(null, new ServedCutOff.Decision(null, 560L, null), null).overridePd())
                .isCloseTo(0.07527140526773844, within(1e-12));
        ServedCutOff.Scoring bands = new ServedCutOff.Scoring(null, null, null, List.of(
                new RiskBands.Band("a", 0.1),
                new RiskBands.Band("b", 1.0)));
        assertThat(new ServedCutOff(null, new ServedCutOff.Decision(null, null, "b"), bands).overridePd())
                .isEqualTo(0.1);
    }

    @Test
    void theServicesThresholdIsAPdCutOffAndNotBesideAnother() {
        assertThat(new ServedCutOff(new ServedCutOff.Model(0.3), null, null).override())
                .isEqualTo(DecisionPolicy.ofPd(0.3));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServedCutOff(new ServedCutOff.Model(0.3),
                new ServedCutOff.Decision(0.2, null, null), null)).withMessageContaining("INFERENCE_MODEL_THRESHOLD");
        assertThatIllegalArgumentException().isThrownBy(() -> new ServedCutOff(null,
                new ServedCutOff.Decision(0.2, 560L, null), null)).withMessageContaining("at most one");
    }
}

package io.creditwatch.model.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DecisionPolicyTests {

    private static final Scorecard CARD = Scorecard.STANDARD;
    private static final RiskBands BANDS = RiskBands.STANDARD;

    private static boolean declines(DecisionPolicy policy, double probability) {
        return policy.declines(probability, CARD.score(probability), BANDS.bandOf(probability), BANDS);
    }

    @Test
    void aPdCutOffDeclinesAProbabilityAtItAndAbove() {
        DecisionPolicy policy = DecisionPolicy.ofPd(0.08);

        assertThat(declines(policy, 0.08)).isTrue();
        assertThat(declines(policy, Math.nextDown(0.08))).isFalse();
        assertThat(declines(policy, 0.9)).isTrue();
        assertThat(policy.probabilityCutOff(CARD, BANDS)).isEqualTo(0.08);
    }

    @Test
    void aScoreCutOffApprovesTheCutOffScoreAndDeclinesBelowIt() {
        DecisionPolicy policy = DecisionPolicy.ofScore(560);

        assertThat(policy.declines(0.5, 560, "high", BANDS)).isFalse();
        assertThat(policy.declines(0.5, 559, "high", BANDS)).isTrue();
        // 0.0752 scores 560 and 0.0753 scores 559 (600 + 20/ln 2 · (ln((1-p)/p) − ln 50), rounded, by hand in Python)
        assertThat(declines(policy, 0.0752)).isFalse();
        assertThat(declines(policy, 0.0753)).isTrue();
    }

    /** 1 / (1 + exp((559.5 − offset) / factor)), offset = 600 − 20/ln 2 · ln 50, computed in Python: 0.07527140526773844. */
    @Test
    void aScoreCutOffComesToTheProbabilityAboveWhichTheScoreFallsBelowIt() {
        double cutOff = DecisionPolicy.ofScore(560).probabilityCutOff(CARD, BANDS);

        assertThat(cutOff).isCloseTo(0.07527140526773844, within(1e-12));
        assertThat(CARD.score(Math.nextUp(cutOff + 1e-9))).isEqualTo(559);
        assertThat(CARD.score(cutOff - 1e-9)).isEqualTo(560);
    }

    @Test
    void aBandCutOffDeclinesTheBandAndEveryWorseOne() {
        DecisionPolicy medium = DecisionPolicy.ofBand("medium");

        assertThat(declines(medium, Math.nextDown(0.05))).isFalse();
        assertThat(declines(medium, 0.05)).isTrue();
        assertThat(declines(medium, 0.5)).isTrue();
        assertThat(medium.probabilityCutOff(CARD, BANDS)).isEqualTo(0.05);
        assertThat(DecisionPolicy.ofBand("high").probabilityCutOff(CARD, BANDS)).isEqualTo(0.20);
        assertThat(DecisionPolicy.ofBand("low").probabilityCutOff(CARD, BANDS)).isZero();
        assertThat(declines(DecisionPolicy.ofBand("low"), 0.001)).isTrue();
    }

    /** Each form and its probability cut-off decline the same applications over a grid of probabilities. */
    @Test
    void everyFormDeclinesWhatItsProbabilityCutOffDeclines() {
        for (DecisionPolicy policy : new DecisionPolicy[]{DecisionPolicy.ofPd(0.1), DecisionPolicy.ofScore(540),
                DecisionPolicy.ofBand("high")}) {
            DecisionPolicy asPd = DecisionPolicy.ofPd(policy.probabilityCutOff(CARD, BANDS));
            for (int i = 1; i < 10_000; i++) {
                double probability = i / 10_000.0;
                assertThat(declines(policy, probability)).as("%s at %s", policy, probability)
                        .isEqualTo(declines(asPd, probability));
            }
        }
    }

    @Test
    void exactlyOneFormIsGivenAndItIsValid() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DecisionPolicy(0.1, 560L, null))
                .withMessageContaining("exactly one");
        assertThatIllegalArgumentException().isThrownBy(() -> new DecisionPolicy(null, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> DecisionPolicy.ofPd(0));
        assertThatIllegalArgumentException().isThrownBy(() -> DecisionPolicy.ofPd(Double.NaN));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DecisionPolicy.ofBand("worst").probabilityCutOff(CARD, BANDS))
                .withMessageContaining("[low, medium, high]");
    }
}

package io.creditwatch.model.bundle;

import io.creditwatch.model.scoring.DecisionPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The card's cut-off chosen on labelled scores, against counts made by hand. */
class CutOffDecisionTests {

    /** PDs 0.01 to 1.00; the defaults are 0.05 and 0.90 to 1.00 (12 in all). */
    private static final double[] SCORES = new double[100];
    private static final int[] LABELS = new int[100];

    static {
        for (int i = 0; i < 100; i++) {
            SCORES[99 - i] = (i + 1) / 100.0;
            LABELS[99 - i] = i + 1 >= 90 || i + 1 == 5 ? 1 : 0;
        }
    }

    /**
     * 85% approved: the 86th lowest PD, 0.86, is the cut-off; declined 0.86 to 1.00 (15), of which 11
     * defaults; approved 85 with 1 default. Accuracy 95/100, precision 11/15, recall 11/12, F1 22/27.
     */
    @Test
    void theDefaultCutOffIsThePdAtWhich85PercentAreApproved() {
        ModelCard.Decision decision = ModelCard.Decision.choose(SCORES, LABELS, ModelCard.CutOffChoice.DEFAULT);

        assertThat(decision.cutOff()).isEqualTo(DecisionPolicy.ofPd(0.86));
        assertThat(decision.rule()).isEqualTo("the PD at which 85% of the 100 hold-out rows are approved "
                + "(the 85 with a lower PD)");
        ModelCard.AtCutOff at = decision.holdout();
        assertThat(at.approvalRate()).isEqualTo(0.85);
        assertThat(at.accuracy()).isEqualTo(0.95);
        assertThat(at.precision()).isEqualTo(11.0 / 15);
        assertThat(at.recall()).isEqualTo(11.0 / 12);
        assertThat(at.f1()).isEqualTo(22.0 / 27);
    }

    /** A PD given is the cut-off as it is: 0.5 declines 0.50 to 1.00 (51), 11 of them defaults. */
    @Test
    void aPdGivenIsTheCutOff() {
        ModelCard.Decision decision = ModelCard.Decision.choose(SCORES, LABELS, new ModelCard.CutOffChoice(0.5, 0.85));

        assertThat(decision.cutOff().pd()).isEqualTo(0.5);
        assertThat(decision.holdout().approvalRate()).isEqualTo(0.49);
        assertThat(decision.holdout().precision()).isEqualTo(11.0 / 51);
    }

    /** Ties at the cut-off are declined together: the approval rate falls short rather than split a PD. */
    @Test
    void tiesAtTheCutOffAreDeclinedTogether() {
        double[] scores = {0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3};
        int[] labels = {0, 0, 0, 0, 0, 1, 0, 1, 1, 1};

        ModelCard.Decision decision = ModelCard.Decision.choose(scores, labels, new ModelCard.CutOffChoice(null, 0.5));

        assertThat(decision.cutOff().pd()).isEqualTo(0.2);
        assertThat(decision.holdout().approvalRate()).isEqualTo(0.2);
        assertThat(decision.rule()).endsWith("(the 2 with a lower PD)");
    }

    @Test
    void aCardWithoutADecisionDecidesAtItsThreshold() throws Exception {
        ModelCard card = ModelBundle.readCard(java.nio.file.Path.of("../models/default")).withDecision(null);

        assertThat(card.cutOff()).isEqualTo(DecisionPolicy.ofPd(card.threshold()));
    }

    /** The bundle's hold-out figures at its cut-off: accuracy to F1 from the decision, AUC, Gini and KS as they are. */
    @Test
    void theHoldoutAtTheCutOffTakesAccuracyToF1FromTheDecision() throws Exception {
        ModelCard card = ModelBundle.readCard(java.nio.file.Path.of("../models/default"));

        ModelCard.HoldoutMetrics at = card.holdoutAtCutOff();

        assertThat(at.accuracy()).isEqualTo(card.decision().holdout().accuracy())
                .isNotEqualTo(card.holdout().accuracy());
        assertThat(at.f1()).isEqualTo(card.decision().holdout().f1());
        assertThat(at.aucRoc()).isEqualTo(card.holdout().aucRoc());
        assertThat(card.withDecision(null).holdoutAtCutOff()).isEqualTo(card.holdout());
    }

    @Test
    void anApprovalRateIsBetweenZeroAndOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ModelCard.CutOffChoice(null, 1.0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ModelCard.CutOffChoice(1.5, 0.85));
    }
}

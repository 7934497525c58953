package io.creditwatch.model.reasons;

import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReasonRankerTests {

    @Test
    void theLargestPositiveContributionsComeFirstAndNegativeOnesNever() {
        double[] contributions = new double[Feature.COUNT + 1];
        contributions[Feature.TIMES_90_DAYS_LATE.ordinal()] = 1.5;
        contributions[Feature.REVOLVING_UTILIZATION.ordinal()] = 0.7;
        contributions[Feature.AGE.ordinal()] = -2.0;
        contributions[Feature.DEBT_RATIO.ordinal()] = 0.7;
        contributions[Feature.COUNT] = -2.6; // the bias is not a reason

        List<Reason> reasons = new ReasonRanker(ReasonCodes.DEFAULTS, 4).reasons(contributions);

        assertThat(reasons).extracting(Reason::code).containsExactly("DLQ90", "UTIL", "DEBT");
        assertThat(reasons.get(0)).isEqualTo(new Reason("NumberOfTimes90DaysLate", "DLQ90",
                "Payments 90 days or more past due", 1.5));
    }

    @Test
    void atMostTopReasons() {
        double[] contributions = new double[Feature.COUNT];
        for (int f = 0; f < Feature.COUNT; f++) {
            contributions[f] = f + 1;
        }

        assertThat(new ReasonRanker(ReasonCodes.DEFAULTS, 2).reasons(contributions)).extracting(Reason::feature)
                .containsExactly("NumberOfDependents", "NumberOfTime60-89DaysPastDueNotWorse");
        assertThat(new ReasonRanker(ReasonCodes.DEFAULTS, 4).reasons(new double[Feature.COUNT])).isEmpty();
        assertThatThrownBy(() -> new ReasonRanker(ReasonCodes.DEFAULTS, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFeatureNeedsACode() {
        assertThatThrownBy(() -> new ReasonRanker(ReasonCodes.DEFAULTS.subList(0, 9), 4))
                .hasMessage("reason codes: none for NumberOfDependents");
    }
}

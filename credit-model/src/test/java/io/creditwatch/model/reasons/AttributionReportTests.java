package io.creditwatch.model.reasons;

import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AttributionReportTests {

    @Test
    void meansSharesAndNdcgOfAWindowWorkedOutByHand() {
        List<double[]> rows = new ArrayList<>();
        boolean[] declined = new boolean[40];
        for (int r = 0; r < 40; r++) {
            double[] row = new double[Feature.COUNT + 1];
            // rows 0-29: utilization first (+1.0), 90 days late second (+0.5); rows 30-39 the other way round, negated age
            row[Feature.REVOLVING_UTILIZATION.ordinal()] = r < 30 ? 1.0 : 0.5;
            row[Feature.TIMES_90_DAYS_LATE.ordinal()] = r < 30 ? 0.5 : 1.0;
            row[Feature.AGE.ordinal()] = -0.2;
            rows.add(row);
            declined[r] = true;
        }
        double[] reference = new double[Feature.COUNT];
        reference[Feature.REVOLVING_UTILIZATION.ordinal()] = 0.8;
        reference[Feature.TIMES_90_DAYS_LATE.ordinal()] = 0.3;
        reference[Feature.AGE.ordinal()] = 0.1;
        Map<String, Double> byName = new java.util.HashMap<>();
        for (Feature feature : Feature.ALL) {
            byName.put(feature.jsonName(), reference[feature.ordinal()]);
        }

        AttributionReport report = AttributionReport.of(rows, declined, ReasonCodes.DEFAULTS,
                new AttributionProfile(1000, byName));

        // utilization: (30 · 1.0 + 10 · 0.5) / 40 = 0.875; 90 days late: (30 · 0.5 + 10 · 1.0) / 40 = 0.625; age 0.2
        assertThat(report.meanAbsoluteContributions()[Feature.REVOLVING_UTILIZATION.ordinal()]).isEqualTo(0.875);
        assertThat(report.meanAbsoluteContributions()[Feature.TIMES_90_DAYS_LATE.ordinal()]).isEqualTo(0.625);
        assertThat(report.meanAbsoluteContributions()[Feature.AGE.ordinal()]).isCloseTo(0.2, within(1e-15));
        assertThat(report.declines()).isEqualTo(40);
        assertThat(report.firstReasonShares()).containsEntry("UTIL", 0.75).containsEntry("DLQ90", 0.25)
                .containsEntry("AGE", 0.0).containsEntry(AttributionReport.NO_REASON, 0.0).hasSize(Feature.COUNT + 1);
        // the same ranking as the reference's: utilization, 90 days late, age, then the zeros in schema order
        assertThat(report.ndcg()).isEqualTo(1.0);
    }

    @Test
    void fewDeclinesGiveNoSharesAndNoReferenceNoNdcg() {
        List<double[]> rows = new ArrayList<>();
        boolean[] declined = new boolean[100];
        for (int r = 0; r < 100; r++) {
            double[] row = new double[Feature.COUNT];
            row[Feature.DEBT_RATIO.ordinal()] = 0.3;
            rows.add(row);
            declined[r] = r < AttributionReport.MIN_DECLINES - 1;
        }

        AttributionReport report = AttributionReport.of(rows, declined, ReasonCodes.DEFAULTS, null);

        assertThat(report.declines()).isEqualTo(AttributionReport.MIN_DECLINES - 1);
        assertThat(report.firstReasonShares()).isEmpty();
        assertThat(report.ndcg()).isNaN();
    }
}

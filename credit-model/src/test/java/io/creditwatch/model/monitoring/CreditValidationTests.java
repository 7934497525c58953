package io.creditwatch.model.monitoring;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.stats.Calibration;
import io.creditwatch.model.stats.TrafficLight;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CreditValidationTests {

    private static final ValidationSettings SMALL = new ValidationSettings(10, 2, 4, TrafficLight.Levels.CONVENTIONAL);
    // Grade 1: five at PD 0.05, one default; grade 2: five at PD 0.2, none; grade 3: two at PD 0.5, one.
    private static final double[] PDS = {0.05, 0.05, 0.05, 0.05, 0.05, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.5};
    private static final int[] ACTUAL = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
    private static final MasterScale SCALE = MasterScale.withBoundaries(new double[]{0.1, 0.3}, PDS, ACTUAL, "test");

    @Test
    void countsEachGradeAndTestsOnlyThoseWithEnoughLabels() {
        ValidationReport report = CreditValidation.validate(PDS, ACTUAL, SCALE, 0.9, SMALL);

        ValidationReport.Calibration portfolio = report.portfolio();
        assertThat(portfolio.grade()).isEqualTo("portfolio");
        assertThat(portfolio.labelled()).isEqualTo(12);
        assertThat(portfolio.defaults()).isEqualTo(2);
        assertThat(portfolio.meanPd()).isCloseTo(2.25 / 12, within(1e-12));
        assertThat(portfolio.observedToExpected()).isCloseTo(2 / 2.25, within(1e-12));
        assertThat(portfolio.jeffreysPValue()).isEqualTo(Calibration.jeffreysPValue(12, 2, 2.25 / 12));

        assertThat(report.grades()).extracting(ValidationReport.Calibration::grade).containsExactly("1", "2");
        ValidationReport.Calibration first = report.grades().get(0);
        assertThat(first.labelled()).isEqualTo(5);
        assertThat(first.defaults()).isEqualTo(1);
        assertThat(first.observedRate()).isEqualTo(0.2);
        assertThat(first.meanPd()).isCloseTo(0.05, within(1e-12));

        // (1 - 0.25)² / (0.25 · 0.95) + (0 - 1)² / (1 · 0.8) = 2.368421 + 1.25
        assertThat(report.hosmerLemeshow().statistic()).isCloseTo(0.5625 / 0.2375 + 1.25, within(1e-12));
        assertThat(report.hosmerLemeshow().degreesOfFreedom()).isEqualTo(2);

        // Grade 1 defaulted more often than grade 2 (1/5 against 0/5), but not significantly (Fisher p = 0.5).
        assertThat(report.rankOrdering()).isEqualTo(new ValidationReport.RankOrdering(1, 1, 0));

        ValidationReport.Discrimination discrimination = report.discrimination();
        assertThat(discrimination.initialAuc()).isEqualTo(0.9);
        assertThat(discrimination.lower95()).isLessThan(discrimination.auc());
        assertThat(discrimination.upper95()).isGreaterThanOrEqualTo(discrimination.auc());
    }

    @Test
    void publishesNothingBelowTheMinimumAndNoGradesWithoutAScale() {
        ValidationReport tooFew = CreditValidation.validate(new double[]{0.1, 0.2}, new int[]{0, 1}, SCALE, 0.8, SMALL);
        assertThat(tooFew.discrimination()).isNull();
        assertThat(tooFew.portfolio()).isNull();
        assertThat(tooFew.grades()).isEmpty();

        ValidationReport noScale = CreditValidation.validate(PDS, ACTUAL, null, 0.9, SMALL);
        assertThat(noScale.portfolio()).isNotNull();
        assertThat(noScale.discrimination()).isNotNull();
        assertThat(noScale.grades()).isEmpty();
        assertThat(noScale.hosmerLemeshow()).isNull();
        assertThat(noScale.rankOrdering()).isNull();

        int[] oneDefault = ACTUAL.clone();
        oneDefault[10] = 0;
        assertThat(CreditValidation.validate(PDS, oneDefault, SCALE, 0.9, SMALL).discrimination())
                .as("the AUC test needs the minimum of defaults").isNull();
    }

    @Test
    void aSignificantInversionIsCounted() {
        // 40 of 100 in grade 1 default against 5 of 100 in grade 2: Fisher's one-sided p is far below 0.05.
        double[] pds = new double[200];
        int[] actual = new int[200];
        for (int i = 0; i < 200; i++) {
            pds[i] = i < 100 ? 0.05 : 0.2;
            actual[i] = i < 40 || (i >= 100 && i < 105) ? 1 : 0;
        }
        ValidationReport report = CreditValidation.validate(pds, actual, SCALE, 0.8, SMALL);

        assertThat(report.rankOrdering()).isEqualTo(new ValidationReport.RankOrdering(1, 1, 1));
        assertThat(report.grades().get(0).jeffreys()).isEqualTo(TrafficLight.RED);
        assertThat(report.discrimination().light()).isEqualTo(TrafficLight.RED);
    }

    @Test
    void concentrationOfGrades() {
        GradeConcentration concentration = GradeConcentration.of(SCALE, PDS);

        assertThat(concentration.shares()).containsExactly(5 / 12.0, 5 / 12.0, 2 / 12.0);
        assertThat(concentration.herfindahl()).isCloseTo((25 + 25 + 4) / 144.0, within(1e-12));
    }
}

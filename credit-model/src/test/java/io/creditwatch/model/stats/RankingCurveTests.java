package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RankingCurveTests {

    // The fixture of QualityReportTests: 4 defaults among 10, AUC 0.875 (pairs counted by hand).
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05};
    private static final int[] LABELS = {1, 1, 0, 1, 0, 1, 0, 0, 0, 0};

    @Test
    void handWorkedCurveOfTenApplicants() {
        // From the highest score down, a default steps up by 1/4, a non-default right by 1/6
        // (the construction of Fawcett, "An introduction to ROC analysis", Pattern Recognition
        // Letters 27, 2006, section 5); each applicant moves the CAP curve right by 1/10.
        RankingCurve curve = RankingCurve.of(SCORES, LABELS, 100);

        assertThat(curve.size()).isEqualTo(11);
        assertThat(curve.falsePositiveRate()).containsExactly(new double[]{0, 0, 0, 1 / 6.0, 1 / 6.0, 2 / 6.0, 2 / 6.0,
                3 / 6.0, 4 / 6.0, 5 / 6.0, 1}, within(1e-12));
        assertThat(curve.truePositiveRate()).containsExactly(new double[]{0, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1, 1, 1, 1},
                within(1e-12));
        assertThat(curve.populationShare()).containsExactly(
                new double[]{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1},
                within(1e-12));
        // With nothing dropped the area under the ROC curve is the AUC.
        assertThat(curve.rocArea()).isCloseTo(0.875, within(1e-12));
        // Under the CAP curve, by trapezoids: 0.0125 + 0.0375 + 0.05 + 0.0625 + 0.075 + 0.0875 + 0.4 = 0.725;
        // the perfect model's is 1 - 0.4 / 2 = 0.8, so the accuracy ratio is 0.225 / 0.3 = 0.75 = 2 AUC - 1
        // (Engelmann, Hayden and Tasche, "Testing rating accuracy", Risk, January 2003).
        assertThat(curve.capArea()).isCloseTo(0.725, within(1e-12));
        assertThat((curve.capArea() - 0.5) / (0.8 - 0.5)).isCloseTo(2 * 0.875 - 1, within(1e-12));
    }

    @Test
    void tiedScoresMakeOneSegment() {
        // Positives 0.35 and 0.8 against negatives 0.1, 0.4, 0.35 (RankingMetricsTests: AUC 0.75).
        // Cut-offs 0.8, 0.4, 0.35 (one default and one non-default together), 0.1.
        RankingCurve curve = RankingCurve.of(new double[]{0.1, 0.4, 0.35, 0.8, 0.35}, new int[]{0, 0, 1, 1, 0}, 100);

        assertThat(curve.falsePositiveRate()).containsExactly(new double[]{0, 0, 1 / 3.0, 2 / 3.0, 1}, within(1e-12));
        assertThat(curve.truePositiveRate()).containsExactly(new double[]{0, 0.5, 0.5, 1, 1}, within(1e-12));
        assertThat(curve.populationShare()).containsExactly(new double[]{0, 0.2, 0.4, 0.8, 1}, within(1e-12));
        assertThat(curve.rocArea()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aLargeWindowKeepsAtMostTheAskedPointsFromOriginToCorner() {
        Random random = new Random(11);
        int n = 20_000;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.1 ? 1 : 0;
            scores[i] = random.nextGaussian() + labels[i];
        }
        RankingCurve curve = RankingCurve.of(scores, labels, 101);
        double auc = RankingMetrics.of(scores, labels).aucRoc();

        assertThat(curve.size()).isEqualTo(101);
        assertThat(curve.populationShare()[0]).isZero();
        assertThat(curve.truePositiveRate()[0]).isZero();
        assertThat(curve.populationShare()[100]).isEqualTo(1.0);
        assertThat(curve.falsePositiveRate()[100]).isEqualTo(1.0);
        assertThat(curve.truePositiveRate()[100]).isEqualTo(1.0);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.populationShare()[i]).isGreaterThan(curve.populationShare()[i - 1]);
            assertThat(curve.falsePositiveRate()[i]).isGreaterThanOrEqualTo(curve.falsePositiveRate()[i - 1]);
            assertThat(curve.truePositiveRate()[i]).isGreaterThanOrEqualTo(curve.truePositiveRate()[i - 1]);
        }
        // 100 chords of a curve of 20,000 steps: the area moves by well under a thousandth
        assertThat(curve.rocArea()).isCloseTo(auc, within(1e-3));
        assertThat(RankingCurve.of(scores, labels, n + 1).rocArea()).isCloseTo(auc, within(1e-12));
    }

    @Test
    void oneClassOrTooFewPointsAreRefused() {
        assertThatThrownBy(() -> RankingCurve.of(new double[]{0.1, 0.2}, new int[]{0, 0}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        assertThatThrownBy(() -> RankingCurve.of(SCORES, LABELS, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

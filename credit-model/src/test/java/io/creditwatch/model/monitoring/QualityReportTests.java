package io.creditwatch.model.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QualityReportTests {

    // Ten labelled predictions, decisions at 0.5. Worked by hand:
    // TP = 3 (0.9, 0.8, 0.6), FP = 2 (0.7, 0.55), FN = 1 (0.4), TN = 4.
    // accuracy 7/10, precision 3/5, recall 3/4, F1 = 6/9.
    // AUC: positives 0.9, 0.8, 0.6, 0.4 beat 6 + 6 + 5 + 4 = 21 of 24 negative pairs: 0.875; Gini 0.75.
    // KS: after 0.3 four of six negatives and no positive are below: 2/3.
    private static final double[] PROBABILITIES = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05};
    private static final int[] PREDICTED = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    private static final int[] ACTUAL = {1, 1, 0, 1, 0, 1, 0, 0, 0, 0};

    @Test
    void matchesTheHandComputedFigures() {
        QualityReport report = QualityReport.of(PROBABILITIES, PREDICTED, ACTUAL);

        assertThat(report.labelled()).isEqualTo(10);
        assertThat(report.positives()).isEqualTo(4);
        assertThat(report.accuracy()).isEqualTo(0.7);
        assertThat(report.precision()).isEqualTo(0.6);
        assertThat(report.recall()).isEqualTo(0.75);
        assertThat(report.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(report.aucRoc()).isEqualTo(0.875);
        assertThat(report.gini()).isEqualTo(0.75);
        assertThat(report.ks()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void rankingMeasuresAreUndefinedWithOneClass() {
        QualityReport report = QualityReport.of(new double[]{0.2, 0.7}, new int[]{0, 1}, new int[]{0, 0});

        assertThat(report.accuracy()).isEqualTo(0.5);
        assertThat(report.aucRoc()).isNaN();
        assertThat(report.gini()).isNaN();
        assertThat(report.ks()).isNaN();
        assertThat(report.recall()).isNaN();
    }
}

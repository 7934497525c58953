package io.creditwatch.model.estimation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** NannyML's sampling-error components on eight rows worked by hand. */
class EstimationReferenceTests {

    // at 0.5: TP rows 0, 1; FP rows 2, 3; FN row 4; TN rows 5 to 7
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1};
    private static final int[] LABELS = {1, 1, 0, 0, 1, 0, 0, 0};

    @Test
    void componentsOfEachMetric() {
        EstimationReference reference = EstimationReference.of(SCORES, LABELS, 0.5);

        assertThat(reference.rows()).isEqualTo(8);
        // five of eight correct
        assertThat(reference.accuracy()).isEqualTo(new SamplingError(Math.sqrt(15) / 8, 1));
        // predicted defaults 1, 1, 0, 0
        assertThat(reference.precision()).isEqualTo(new SamplingError(0.5, 0.5));
        // defaults found 1, 1, 0
        assertThat(reference.recall().standardDeviation()).isCloseTo(Math.sqrt(2.0 / 9), within(1e-15));
        assertThat(reference.recall().fraction()).isEqualTo(3.0 / 8);
        // TP, TP, FP, FP, FN scaled by 5 / (2 + 4 / 2): 10/7, 10/7, 0, 0, 0
        assertThat(reference.f1().standardDeviation()).isCloseTo(10.0 / 7 * Math.sqrt(0.24), within(1e-15));
        assertThat(reference.f1().fraction()).isEqualTo(5.0 / 8);
        assertThat(reference.defaultRate()).isEqualTo(new SamplingError(Math.sqrt(15) / 8, 1));
        // the defaults' placements among the five repaid: 1, 1, 3/5
        assertThat(reference.aucRoc().standardDeviation()).isCloseTo(Math.sqrt(0.32 / 9), within(1e-15));
        assertThat(reference.aucRoc().fraction()).isEqualTo(3.0 / 8);
        assertThat(reference.aucRange()).as("eight rows hold no chunk").isNull();
    }

    @Test
    void standardErrorShrinksWithTheWindow() {
        SamplingError error = new SamplingError(0.3, 0.25);

        assertThat(error.standardError(400)).isCloseTo(0.03, within(1e-15));
        assertThat(error.standardError(1600)).isCloseTo(0.015, within(1e-15));
        assertThat(new SamplingError(Double.NaN, 0).standardError(1000)).isNaN();
    }

    @Test
    void aucRangeOverChunksOfTheHoldout() {
        double[] scores = CalibrationMapTests.scores(7);
        int[] labels = CalibrationMapTests.drawn(scores, 1, 8);

        EstimationReference.AucRange range = EstimationReference.of(scores, labels, 0.5).aucRange();

        // 20,000 rows: ten chunks of 2,000
        assertThat(range.chunks()).isEqualTo(10);
        assertThat(range.chunkRows()).isEqualTo(2000);
        assertThat(range.lower()).isCloseTo(range.mean() - 3 * range.standardDeviation(), within(1e-15));
        assertThat(range.upper()).isCloseTo(range.mean() + 3 * range.standardDeviation(), within(1e-15));
        assertThat(range.standardDeviation()).as("about the DeLong error of 2,000 rows").isBetween(0.005, 0.03);
    }
}

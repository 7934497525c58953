package io.creditwatch.model.estimation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PerformanceEstimatorTests {

    /** served 0.9, 0.6, 0.6, 0.2 with calibrated PDs 0.8, 0.5, 0.3, 0.1 (an isotonic map through them). */
    private static final double[] SERVED = {0.9, 0.6, 0.6, 0.2};
    private static final double[] PD = {0.8, 0.5, 0.3, 0.1};

    @Test
    void expectedAucOfFourRowsWithATie() {
        // by hand, pairs (i, j) weighted c_i (1 - c_j): strictly ranked 2.4, ties (i = j included) one half of
        // 0.16 + 0.96 + 0.09; over (sum c)(sum 1 - c) = 1.7 * 2.3
        assertThat(PerformanceEstimator.expectedAuc(SERVED, PD)).isCloseTo(3.005 / 3.91, within(1e-15));
    }

    @Test
    void expectedConfusionMatrixAtTheThreshold() {
        // 250 copies of the four rows: the ratios are the four rows', the window is large enough
        double[] window = new double[1000];
        for (int i = 0; i < window.length; i++) {
            window[i] = SERVED[i % 4];
        }
        SamplingError error = new SamplingError(0.4, 0.25);
        EstimationReference reference = new EstimationReference(4000, error, error, error, error, error, error, null);
        CalibrationMap map = new CalibrationMap(CalibrationMap.ISOTONIC, "by hand", 10, 10, 0, 0, 0,
                List.of(0.2, 0.6, 0.9), List.of(0.1, 0.4, 0.8), reference);

        PerformanceEstimate estimate = new PerformanceEstimator(map, 0.5).estimate(window);

        // TP 0.8 + 0.4 + 0.4 = 1.6, FP 1.4, FN 0.1, TN 0.9 per four rows
        assertThat(estimate.rows()).isEqualTo(1000);
        assertThat(estimate.accuracy().value()).isCloseTo(2.5 / 4, within(1e-12));
        assertThat(estimate.precision().value()).isCloseTo(1.6 / 3, within(1e-12));
        assertThat(estimate.recall().value()).isCloseTo(1.6 / 1.7, within(1e-12));
        assertThat(estimate.f1().value()).isCloseTo(3.2 / 4.7, within(1e-12));
        assertThat(estimate.defaultRate().value()).isCloseTo(1.7 / 4, within(1e-12));
        assertThat(estimate.aucRoc().value()).as("ties the two 0.6 rows at their mean PD 0.4")
                .isCloseTo(PerformanceEstimator.expectedAuc(SERVED, new double[]{0.8, 0.4, 0.4, 0.1}), within(1e-12));
        // 0.4 / sqrt(1000 * 0.25)
        assertThat(estimate.accuracy().standardError()).isCloseTo(0.4 / Math.sqrt(250), within(1e-15));
        assertThat(estimate.accuracy().lower()).isCloseTo(0.625 - 3 * 0.4 / Math.sqrt(250), within(1e-12));
        assertThat(estimate.recall().upper()).as("clipped to 1").isEqualTo(1.0);
    }

    @Test
    void refusesASmallWindow() {
        SamplingError error = new SamplingError(0.4, 1);
        CalibrationMap map = new CalibrationMap(CalibrationMap.NONE, "by hand", 10, 10, 0, 0, 1, List.of(), List.of(),
                new EstimationReference(4000, error, error, error, error, error, error, null));

        assertThatThrownBy(() -> new PerformanceEstimator(map, 0.5).estimate(new double[999]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an estimate needs at least 1000 rows, got 999");
    }

    @Test
    void aCardWithoutACalibrationMapHasNoEstimator() throws IOException {
        ModelCard bundled = ModelBundle.readCard(Path.of("../models/default"));
        ModelCard card = new ModelCard(bundled.formatVersion(), bundled.modelVersion(), bundled.createdAt(),
                bundled.modelType(), bundled.features(), bundled.positiveLabel(), bundled.threshold(), bundled.data(),
                bundled.parameters(), bundled.holdout(), bundled.masterScale(), bundled.origin(),
                bundled.performanceWindowMonths(), bundled.seasoningCurve(), null, bundled.reasonCodes(),
                bundled.holdoutCurve(), bundled.decision());

        assertThat(PerformanceEstimator.forCard(bundled)).as("the bundled card has its map").isPresent();
        assertThat(PerformanceEstimator.forCard(card)).isEmpty();
        assertThat(PerformanceEstimator.NO_CALIBRATION_MAP).startsWith("the model card has no calibration map");
        assertThatThrownBy(() -> new PerformanceEstimator(null, 0.5))
                .hasMessage(PerformanceEstimator.NO_CALIBRATION_MAP);
    }

    /**
     * Against cbpe-fixtures.json, written by src/test/resources/estimation/cbpe_fixtures.py: NannyML's
     * formulas (calibration.py, confidence_based/metrics.py, sampling_error/binary_classification.py)
     * in numpy, scipy's isotonic_regression.
     */
    @Test
    void matchesNannyMlsFormulasInNumpy() throws IOException {
        JsonNode fixtures;
        try (InputStream in = getClass().getResourceAsStream("/estimation/cbpe-fixtures.json")) {
            fixtures = new ObjectMapper().readTree(in);
        }
        double threshold = fixtures.get("threshold").asDouble();
        double[] scores = doubles(fixtures.get("holdout_scores"));
        int[] labels = StreamSupport.stream(fixtures.get("holdout_labels").spliterator(), false)
                .mapToInt(JsonNode::asInt).toArray();

        IsotonicRegression regression = IsotonicRegression.fit(scores, labels);
        assertThat(regression.thresholds()).containsExactly(boxed(doubles(fixtures.get("isotonic_thresholds"))));
        assertThat(regression.values().stream().mapToDouble(Double::doubleValue).toArray())
                .containsExactly(doubles(fixtures.get("isotonic_values")), within(1e-12));
        assertThat(ExpectedCalibrationError.of(scores, labels, 10))
                .isCloseTo(fixtures.get("holdout_ece").asDouble(), within(1e-12));

        EstimationReference reference = CalibrationMap.fit(scores, labels, threshold).reference();
        JsonNode components = fixtures.get("sampling_components");
        assertComponents(reference.aucRoc(), components.get("auc_roc"));
        assertComponents(reference.accuracy(), components.get("accuracy"));
        assertComponents(reference.precision(), components.get("precision"));
        assertComponents(reference.recall(), components.get("recall"));
        assertComponents(reference.f1(), components.get("f1"));
        assertComponents(reference.defaultRate(), components.get("default_rate"));

        // the fixture's window is calibrated by the isotonic map whatever the decision on 3,000 rows
        CalibrationMap map = new CalibrationMap(CalibrationMap.ISOTONIC, "the fixture's", 10, 10, 0, 0, 0,
                regression.thresholds(), regression.values(), reference);
        PerformanceEstimate estimate = new PerformanceEstimator(map, threshold)
                .estimate(doubles(fixtures.get("window_scores")));
        JsonNode expected = fixtures.get("window_expected");
        assertThat(estimate.aucRoc().value()).isCloseTo(expected.get("auc_roc").asDouble(), within(1e-12));
        assertThat(estimate.accuracy().value()).isCloseTo(expected.get("accuracy").asDouble(), within(1e-12));
        assertThat(estimate.precision().value()).isCloseTo(expected.get("precision").asDouble(), within(1e-12));
        assertThat(estimate.recall().value()).isCloseTo(expected.get("recall").asDouble(), within(1e-12));
        assertThat(estimate.f1().value()).isCloseTo(expected.get("f1").asDouble(), within(1e-12));
        assertThat(estimate.defaultRate().value()).isCloseTo(expected.get("default_rate").asDouble(), within(1e-12));
    }

    private static void assertComponents(SamplingError error, JsonNode expected) {
        assertThat(error.standardDeviation()).isCloseTo(expected.get(0).asDouble(), within(1e-12));
        assertThat(error.fraction()).isCloseTo(expected.get(1).asDouble(), within(1e-12));
    }

    private static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    private static Double[] boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}

package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfusionMatrixTests {

    @Test
    void handComputedMeasures() {
        // predicted 1 1 1 0 0 0 0 1 ; actual 1 0 1 0 1 0 0 1  ->  TP 3, FP 1, TN 3, FN 1
        ConfusionMatrix matrix = ConfusionMatrix.of(new int[]{1, 1, 1, 0, 0, 0, 0, 1},
                new int[]{1, 0, 1, 0, 1, 0, 0, 1});

        assertThat(matrix).isEqualTo(new ConfusionMatrix(3, 1, 3, 1));
        assertThat(matrix.accuracy()).isEqualTo(0.75);
        assertThat(matrix.precision()).isEqualTo(0.75);
        assertThat(matrix.recall()).isEqualTo(0.75);
        assertThat(matrix.f1()).isEqualTo(0.75);
    }

    @Test
    void asymmetricCase() {
        // TP 1, FP 3, TN 5, FN 1: precision 1/4, recall 1/2, F1 2/(4+2) = 1/3, accuracy 6/10
        ConfusionMatrix matrix = new ConfusionMatrix(1, 3, 5, 1);

        assertThat(matrix.precision()).isEqualTo(0.25);
        assertThat(matrix.recall()).isEqualTo(0.5);
        assertThat(matrix.f1()).isEqualTo(1.0 / 3);
        assertThat(matrix.accuracy()).isEqualTo(0.6);
    }

    @Test
    void thresholdIsInclusive() {
        ConfusionMatrix matrix = ConfusionMatrix.atThreshold(new double[]{0.5, 0.49, 0.9}, new int[]{1, 1, 0}, 0.5);

        assertThat(matrix).isEqualTo(new ConfusionMatrix(1, 1, 0, 1));
    }

    @Test
    void undefinedMeasuresAreNaNNotZero() {
        ConfusionMatrix noPositivePredictions = ConfusionMatrix.of(new int[]{0, 0}, new int[]{0, 0});

        assertThat(noPositivePredictions.precision()).isNaN();
        assertThat(noPositivePredictions.recall()).isNaN();
        assertThat(noPositivePredictions.f1()).isNaN();
        assertThat(noPositivePredictions.accuracy()).isEqualTo(1.0);
        assertThat(new ConfusionMatrix(0, 0, 0, 0).accuracy()).isNaN();
    }
}

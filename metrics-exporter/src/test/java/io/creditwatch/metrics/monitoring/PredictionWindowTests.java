package io.creditwatch.metrics.monitoring;

import io.creditwatch.store.StoredPrediction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionWindowTests {

    /** The oldest prediction leaves with its own contributions, so every row keeps its explanation. */
    @Test
    void evictionKeepsEachPredictionWithItsContributions() {
        PredictionWindow window = new PredictionWindow(3);
        for (int i = 0; i < 5; i++) {
            window.add(new StoredPrediction(i, "p" + i, i, new double[]{i}, 0.1 * i, i % 2, "1.0.0"),
                    new double[]{10.0 * i});
        }

        assertThat(window.size()).isEqualTo(3);
        assertThat(window.features()).extracting(row -> row[0]).containsExactly(2.0, 3.0, 4.0);
        assertThat(window.contributions()).extracting(row -> row[0]).containsExactly(20.0, 30.0, 40.0);
        assertThat(window.declined()).containsExactly(false, true, false);
    }

    @Test
    void withoutAnExplainerTheWindowHoldsNoContributions() {
        PredictionWindow window = new PredictionWindow(2);
        for (int i = 0; i < 3; i++) {
            window.add(new StoredPrediction(i, "p" + i, i, new double[]{i}, 0.1, 0, "1.0.0"), null);
        }

        assertThat(window.size()).isEqualTo(2);
        assertThat(window.contributions()).isEmpty();
    }
}

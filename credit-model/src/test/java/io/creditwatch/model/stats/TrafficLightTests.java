package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficLightTests {

    @Test
    void conventionalLevels() {
        TrafficLight.Levels levels = TrafficLight.Levels.CONVENTIONAL;

        assertThat(levels.of(0.5)).isEqualTo(TrafficLight.GREEN);
        assertThat(levels.of(0.0501)).isEqualTo(TrafficLight.GREEN);
        assertThat(levels.of(0.05)).isEqualTo(TrafficLight.YELLOW);
        assertThat(levels.of(0.0011)).isEqualTo(TrafficLight.YELLOW);
        assertThat(levels.of(0.001)).isEqualTo(TrafficLight.RED);
        assertThat(levels.of(0)).isEqualTo(TrafficLight.RED);
        assertThat(TrafficLight.RED.code()).isEqualTo(2);
    }

    @Test
    void levelsMustBeOrdered() {
        assertThatThrownBy(() -> new TrafficLight.Levels(0.001, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficLight.Levels.CONVENTIONAL.of(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

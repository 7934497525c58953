package io.creditwatch.inference.model;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two settings as an operator writes them: environment variables, bound as the service binds them. */
class ReasonPropertiesTests {

    @Test
    void withoutSettingsOnlyDeclinesAreExplainedWithFourReasons() {
        ReasonProperties properties = bind(Map.of());

        assertThat(properties).isEqualTo(new ReasonProperties(ReasonProperties.Mode.DECLINED, 4, List.of()));
        assertThat(properties.explains(1, "high")).isTrue();
        assertThat(properties.explains(0, "high")).isFalse();
    }

    @Test
    void theEnvironmentVariablesSetTheModeAndTheNumber() {
        ReasonProperties all = bind(Map.of("INFERENCE_REASONS", "all", "INFERENCE_REASONS_TOP", "2"));
        ReasonProperties none = bind(Map.of("INFERENCE_REASONS", "none"));
        ReasonProperties bands = bind(Map.of("INFERENCE_REASONS_ADVERSE_BANDS", "high,very-high"));

        assertThat(all).isEqualTo(new ReasonProperties(ReasonProperties.Mode.ALL, 2, List.of()));
        assertThat(all.explains(0, "low")).isTrue();
        assertThat(none.explains(0, "high")).isFalse();
        assertThat(none.explains(1, "high")).isFalse();
        assertThat(bands.reasonsAdverseBands()).containsExactly("high", "very-high");
        assertThat(bands.explains(0, "high")).as("an approval in an adverse band").isTrue();
        assertThat(bands.explains(0, "medium")).isFalse();
        assertThat(bands.explains(1, "medium")).isTrue();
    }

    @Test
    void nonsenseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of("INFERENCE_REASONS", "sometimes"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("INFERENCE_REASONS_TOP", "0"))).isInstanceOf(BindException.class)
                .hasRootCauseMessage("inference.reasons-top (INFERENCE_REASONS_TOP) must be at least 1, got 0");
    }

    private static ReasonProperties bind(Map<String, Object> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        spring.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.get(spring))
                .bindOrCreate("inference", ReasonProperties.class);
    }
}

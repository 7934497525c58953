package io.creditwatch.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bundle that is not there stops the exporter with one line that says what is wrong and what to do. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

    @Test
    void aMissingBundleIsOneLineOnStderrAndNoStackTrace(CapturedOutput output) {
        assertThatThrownBy(() -> SpringApplication.run(MetricsExporterApplication.class,
                "--exporter.model-path=/nonexistent/bundle", "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:target/test-stores/startup-failure.db"))
                .isNotNull();

        assertThat(output.getErr().lines().filter(line -> line.startsWith("cannot start: ")).toList()).containsExactly(
                "cannot start: no model bundle (a directory with model-card.json) at MODEL_PATH=/nonexistent/bundle;"
                        + " looked in /nonexistent/bundle -- Set MODEL_PATH to a model bundle directory (model-card.json,"
                        + " reference-profile.json, model.json), such as the repository's models/default, or train one"
                        + " (docs/model.md, \"Train\").");
        assertThat(output.getOut()).as("no stack trace at INFO").doesNotContain("\tat io.creditwatch")
                .doesNotContain("\"stack_trace\"");
    }
}

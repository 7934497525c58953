package io.creditwatch.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting the stack as a person would, through bin/local-stack. (That the jars find the bundled
 * model from another folder is shown by {@link CrashRecoveryTests} and {@link LocalStack}, which
 * start them from this module's folder without MODEL_PATH.)
 */
class StartupTests {

    @Test
    void localStackWithABadBundleStopsWithinThirtySecondsSayingWhy() throws Exception {
        Tools.require("prometheus");
        Tools.require("prometheus-alertmanager");
        Path work = Files.createTempDirectory("local-stack");
        ProcessBuilder builder = new ProcessBuilder("bash", "bin/local-stack").directory(Tools.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().putAll(Map.of("MODEL_PATH", "/nonexistent/bundle", "LOCAL_STACK_DATA", work.toString(),
                "INFERENCE_PORT", Integer.toString(LocalProcess.freePort()),
                "EXPORTER_PORT", Integer.toString(LocalProcess.freePort()),
                "PROMETHEUS_PORT", Integer.toString(LocalProcess.freePort()),
                "ALERTMANAGER_PORT", Integer.toString(LocalProcess.freePort())));
        long started = System.nanoTime();

        Process process = builder.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        if (!ended) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        String output = Files.readString(work.resolve("output.txt"), StandardCharsets.UTF_8);

        assertThat(ended).as("bin/local-stack stopped by itself:\n" + output).isTrue();
        assertThat(seconds).as("seconds to fail").isLessThanOrEqualTo(30);
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("creditwatch did not start: ")
                .contains("no model bundle (a directory with model-card.json) at MODEL_PATH=/nonexistent/bundle")
                .contains("stopped");
    }
}

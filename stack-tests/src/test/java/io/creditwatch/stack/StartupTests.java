package io.creditwatch.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting the built services as a person would: from another folder, and through bin/local-stack. */
class StartupTests {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** This module's folder has no models/default: the services find the repository's beside their jars. */
    @Test
    void theServicesFindTheBundledModelWhereverTheyAreStarted() throws IOException {
        Path work = Files.createTempDirectory("startup");
        String store = "jdbc:sqlite:" + work.resolve("predictions.db");
        int inferencePort = LocalProcess.freePort();
        int exporterPort = LocalProcess.freePort();
        try (LocalProcess inference = new LocalProcess("inference-service", inferencePort, work.resolve("inference.log"),
                List.of(JAVA, "-jar", Tools.ROOT.resolve("inference-service/target/inference-service.jar").toString()),
                Map.of("SERVICE_PORT", Integer.toString(inferencePort), "SPRING_DATASOURCE_URL", store,
                        "INFERENCE_CAPTURE_JOURNAL_PATH", work.resolve("journal.db").toString()));
             LocalProcess exporter = new LocalProcess("metrics-exporter", exporterPort, work.resolve("exporter.log"),
                     List.of(JAVA, "-jar", Tools.ROOT.resolve("metrics-exporter/target/metrics-exporter.jar").toString()),
                     Map.of("EXPORTER_PORT", Integer.toString(exporterPort), "SPRING_DATASOURCE_URL", store))) {
            assertThat(Path.of("models/default")).as("this test's working directory").doesNotExist();

            // /health answers 200 only with a model loaded
            inference.start("/health", Duration.ofSeconds(90));
            exporter.start("/health/liveness", Duration.ofSeconds(90));

            assertThat(inference.get("/health").body()).contains("\"loaded\":true");
            assertThat(inference.tail(200)).contains(Tools.ROOT.resolve("models/default").toString());
        }
    }

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

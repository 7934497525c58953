package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starting the stack as a person would, through bin/local-stack. (That the jars find the bundled
 * model from another folder is shown by {@link CrashRecoveryTests} and {@link LocalStack}, which
 * start them from this module's folder without MODEL_PATH.)
 */
class StartupTests {

    @Test
    void localStackWithABadBundlePathStopsWithinThirtySecondsSayingWhy() throws Exception {
        Path work = Files.createTempDirectory("local-stack");
        long started = System.nanoTime();

        Run run = localStack(work, "/nonexistent/bundle");

        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to fail")
                .isLessThanOrEqualTo(30);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .startsWith("creditwatch did not start: no model bundle (a directory with model-card.json)"
                        + " at MODEL_PATH=/nonexistent/bundle; set MODEL_PATH to a bundle directory");
    }

    /** A bundle that is there but unreadable is found out by the services: the stack stops and shows why. */
    @Test
    void localStackStopsWhenAComponentFailsAndShowsItsLog() throws Exception {
        Path work = Files.createTempDirectory("local-stack");
        Path bundle = Files.createDirectories(work.resolve("broken-bundle"));
        Files.writeString(bundle.resolve("model-card.json"), "{\"format_version\": 99}");

        Run run = localStack(work, bundle.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).containsPattern("creditwatch did not start: (inference-service has no model: |"
                + "metrics-exporter exited with code 1)").contains("--- last lines of ").contains("stopped");
    }

    /**
     * A log shipper reads the services' output line by line as JSON: not one plain-text line at start
     * or stop. And the inference service reads its feedback keys from a file named after the
     * property, as Compose mounts its secrets ({@code SPRING_CONFIG_IMPORT=configtree:/run/secrets/}).
     */
    @Test
    void servicesWriteOnlyJsonLinesAndReadSecretsFromFiles() throws Exception {
        Path work = Files.createTempDirectory("json-lines");
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        String key = "a-feedback-key-from-a-file";
        Files.writeString(secrets.resolve("inference.feedback.api-keys"), key);
        String store = ServiceProcess.sqliteStore(work.resolve("predictions.db"));
        try (LocalProcess inference = ServiceProcess.inference(work.resolve("inference.log")).store(store)
                .journal(work.resolve("journal")).env("SPRING_CONFIG_IMPORT", "configtree:" + secrets + "/").build();
                LocalProcess exporter = ServiceProcess.exporter(work.resolve("exporter.log")).store(store).build()) {
            inference.start("/health", Duration.ofSeconds(120));
            exporter.start("/health/liveness", Duration.ofSeconds(120));
            String label = "{\"prediction_id\": \"00000000-0000-7000-8000-000000000000\", \"actual\": 1}";
            assertThat(inference.postJson("/feedback", label, "a-wrong-key").statusCode()).isEqualTo(403);
            assertThat(inference.postJson("/feedback", label, key).statusCode()).as("the key from the file")
                    .isNotIn(401, 403).isLessThan(500);
            inference.stop();
            exporter.stop();
        }
        for (String log : List.of("inference.log", "exporter.log")) {
            List<String> lines = Files.readAllLines(work.resolve(log));
            assertThat(lines).as(log).isNotEmpty()
                    .allSatisfy(line -> assertThat(Yaml.parse(line).isObject()).as("a JSON object: " + line).isTrue());
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run localStack(Path work, String modelPath) throws Exception {
        Tools.require("prometheus");
        Tools.require("prometheus-alertmanager");
        ProcessBuilder builder = new ProcessBuilder("bash", "bin/local-stack").directory(Tools.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().putAll(Map.of("MODEL_PATH", modelPath, "LOCAL_STACK_DATA", work.toString(),
                "INFERENCE_PORT", Integer.toString(LocalProcess.freePort()), "EXPORTER_PORT",
                Integer.toString(LocalProcess.freePort()), "PROMETHEUS_PORT", Integer.toString(LocalProcess.freePort()),
                "ALERTMANAGER_PORT", Integer.toString(LocalProcess.freePort())));
        Process process = builder.start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            throw new AssertionError(
                    "bin/local-stack did not stop by itself:\n" + Files.readString(work.resolve("output.txt")));
        }
        return new Run(process.exitValue(), Files.readString(work.resolve("output.txt"), StandardCharsets.UTF_8));
    }
}

package io.creditwatch.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real binaries the stack tests run (promtool, amtool, prometheus, prometheus-alertmanager,
 * docker-compose). Without one, a developer's run skips the test; under CI ({@code CI=true}),
 * whose script installs them, it fails.
 */
final class Tools {

    /** The repository root, seen from this module's directory. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Tools() {
    }

    record Result(int exitCode, String output) {
    }

    static Path require(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = tool + " is not installed (Debian: prometheus, prometheus-alertmanager, docker-compose)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + "; .ci/run installs it");
        }
        Assumptions.abort(message);
        return null;
    }

    /** Runs a command (a tool on the PATH, or an absolute path) in {@code directory}; its exit code and combined output. */
    static Result run(Path directory, String... command) {
        return run(directory, Map.of(), command);
    }

    /** Runs a command in {@code directory} with these variables added to the environment. */
    static Result run(Path directory, Map<String, String> environment, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        if (!Path.of(command[0]).isAbsolute()) {
            line.set(0, require(command[0]).toString());
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a command in {@code directory}; fails, with its output, unless it exits 0 within 300 s. */
    static void runOrFail(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }
}

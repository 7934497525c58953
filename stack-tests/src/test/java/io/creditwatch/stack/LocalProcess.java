package io.creditwatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A server the tests start as a real local process, with its output in a log file. */
final class LocalProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path log;
    private Process process;
    private final List<String> command;
    private final Map<String, String> environment;

    LocalProcess(String name, int port, Path log, List<String> command, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.command = command;
        this.environment = environment;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process and waits until {@code readyPath} answers 200. */
    LocalProcess start(String readyPath, Duration timeout) {
        return launch().awaitReady(readyPath, timeout);
    }

    /** Starts the process without waiting for it. */
    LocalProcess launch() {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until {@code readyPath} answers 200; fails at once if the process has exited. */
    LocalProcess awaitReady(String readyPath, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(40));
            }
            if (get(readyPath).statusCode() == 200) {
                return this;
            }
            sleep(250);
        }
        throw new AssertionError(name + " did not become ready in " + timeout + ":\n" + tail(40));
    }

    /** The process id, for tools that act on the running process (prlimit). */
    long pid() {
        return process.pid();
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills the process as {@code kill -9} would: no shutdown hook, no flush. */
    void kill() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** An HTTP answer; {@code statusCode} 0 means nothing answered. */
    record Reply(int statusCode, String body) {
    }

    /** GET on this process; a connection failure is status 0. */
    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).GET().build());
    }

    Reply postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A POST with {@code Authorization: Bearer apiKey}, as /feedback wants. */
    Reply postJson(String path, String body, String apiKey) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Reply(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The value of the first series of metric {@code name} on this process's /metrics whose labels
     * contain {@code label} (empty: any series); NaN when there is none.
     */
    double metric(String name, String label) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$")
                .matcher(get("/metrics").body());
        while (matcher.find()) {
            if (matcher.group(1).contains(label)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return Double.NaN;
    }

    /** Polls {@code condition} every half second until it holds; fails after {@code timeout}, saying what it waited for. */
    static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            sleep(500);
        }
    }

    /** The last lines of the process's log. */
    String tail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

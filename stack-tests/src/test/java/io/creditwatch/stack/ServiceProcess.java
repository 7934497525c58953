package io.creditwatch.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built inference-service or metrics-exporter jar, to be run as a {@link LocalProcess} with
 * the JVM running these tests: the one place that knows the jars' paths and the variable each
 * takes its port from. Without {@link #port(int)}, it listens on a free port.
 */
final class ServiceProcess {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final String jar;
    private final String portVariable;
    private final Path log;
    private String name;
    private int port;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private ServiceProcess(String jar, String portVariable, Path log) {
        this.jar = jar;
        this.portVariable = portVariable;
        this.log = log;
        this.name = jar;
    }

    /** The inference-service, writing its output to {@code log}. */
    static ServiceProcess inference(Path log) {
        return new ServiceProcess("inference-service", "SERVICE_PORT", log);
    }

    /** The metrics-exporter, writing its output to {@code log}. */
    static ServiceProcess exporter(Path log) {
        return new ServiceProcess("metrics-exporter", "EXPORTER_PORT", log);
    }

    /** The built jar of module {@code jar} (inference-service, metrics-exporter). */
    static Path jar(String jar) {
        return Tools.ROOT.resolve(jar + "/target/" + jar + ".jar");
    }

    /** The URL of a SQLite store in {@code database} as the services share one: WAL, a 10 s busy timeout. */
    static String sqliteStore(Path database) {
        return "jdbc:sqlite:" + database + "?journal_mode=WAL&busy_timeout=10000";
    }

    /** The name failures and diagnostics give it; the jar's by default. */
    ServiceProcess named(String name) {
        this.name = name;
        return this;
    }

    ServiceProcess port(int port) {
        this.port = port;
        return this;
    }

    /** A JVM option, before {@code -jar}. */
    ServiceProcess jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** SPRING_DATASOURCE_URL. */
    ServiceProcess store(String url) {
        return env("SPRING_DATASOURCE_URL", url);
    }

    /** MODEL_PATH. */
    ServiceProcess model(Path bundle) {
        return env("MODEL_PATH", bundle.toString());
    }

    /** INFERENCE_CAPTURE_JOURNAL_DIRECTORY. */
    ServiceProcess journal(Path directory) {
        return env("INFERENCE_CAPTURE_JOURNAL_DIRECTORY", directory.toString());
    }

    ServiceProcess env(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    LocalProcess build() {
        int listen = port != 0 ? port : LocalProcess.freePort();
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar(jar).toString()));
        Map<String, String> variables = new LinkedHashMap<>(environment);
        variables.put(portVariable, Integer.toString(listen));
        return new LocalProcess(name, listen, log, List.copyOf(command), variables);
    }
}

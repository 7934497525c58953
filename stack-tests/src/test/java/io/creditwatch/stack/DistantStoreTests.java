package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A store 2 ms away keeps up with 1,000 single predictions a second: the built inference-service
 * writes to the local PostgreSQL through a proxy that delays every answer of the server by 2 ms,
 * while 128 clients send single predictions paced at 1,000 a second in all for 15 s. The journal's
 * backlog stays bounded (below 2 s of traffic at every sample), drains once the load stops, and
 * every answered prediction is in the store, once.
 */
@Tag("end-to-end")
class DistantStoreTests {

    private static final Pattern PREDICTION_ID = Pattern.compile("\"prediction_id\":\"([0-9a-f-]{36})\"");
    private static final int RATE = 1_000;
    private static final int CLIENTS = 128;
    private static final int SECONDS = 15;

    @Test
    void aStoreTwoMillisecondsAwayKeepsUpWithAThousandSinglePredictionsASecond() throws Exception {
        String schema = "distant_store_" + System.nanoTime();
        execute("CREATE SCHEMA " + schema);
        Path work = Files.createTempDirectory("creditwatch-distant-store");
        List<String> applications = new SyntheticCreditGenerator(41).generate(1_200).stream()
                .filter(record -> record.get(Feature.AGE) >= 18).limit(1_000).map(AlertingEndToEndTests::application)
                .toList();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Map<String, Integer> unexpected = new ConcurrentHashMap<>();
        long largestBacklog = 0;
        try (DelayingProxy proxy = new DelayingProxy(5432, 2_000);
                LocalProcess service = ServiceProcess.inference(work.resolve("inference-service.log"))
                        .store("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=" + schema)
                        .env("SPRING_DATASOURCE_USERNAME", "postgres").journal(work.resolve("journal"))
                        // the 128 clients all connect from 127.0.0.1: as behind a proxy, one address is many
                        // clients, so the body permits are sized for them (this test is about the store)
                        .env("INFERENCE_REQUEST_BODIES_MAX_CONCURRENT_BODIES", Integer.toString(CLIENTS))
                        .env("INFERENCE_REQUEST_BODIES_MAX_CONCURRENT_BODIES_PER_CLIENT", Integer.toString(CLIENTS))
                        .build()) {
            assertThat(roundTripMillis(proxy.port())).as("a round trip to the store through the proxy, ms")
                    .isGreaterThan(2.0);
            service.start("/health", Duration.ofSeconds(120));
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            long intervalNanos = 1_000_000_000L * CLIENTS / RATE;
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int k = 0; k < SECONDS * RATE / CLIENTS; k++) {
                        long due = start + client * intervalNanos / CLIENTS + k * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LocalProcess.sleep(wait / 1_000_000);
                        }
                        LocalProcess.Reply reply = service.postJson("/predict",
                                applications.get((client * 997 + k) % applications.size()));
                        Matcher id = PREDICTION_ID.matcher(reply.body());
                        if (reply.statusCode() == 200 && id.find()) {
                            answered.add(id.group(1));
                        } else {
                            unexpected.merge(reply.statusCode() + " " + reply.body(), 1, Integer::sum);
                        }
                    }
                });
            }
            clients.shutdown();
            while (!clients.awaitTermination(1, TimeUnit.SECONDS)) {
                largestBacklog = Math.max(largestBacklog, (long) service.metric("ml_capture_journal_backlog", ""));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("[distant store] %d answered in %.1f s (%.0f/s), largest backlog %d%n", answered.size(),
                    seconds, answered.size() / seconds, largestBacklog);
            assertThat(unexpected).as("answers other than 200, with how many of each").isEmpty();
            assertThat(answered.size() / seconds).as("predictions answered per second").isGreaterThan(0.6 * RATE);
            assertThat(largestBacklog).as("the journal's largest backlog during the load").isLessThan(2L * RATE);
            LocalProcess.await(Duration.ofSeconds(20), "the journal emptied into the store",
                    () -> service.metric("ml_capture_journal_backlog", "") == 0);
            assertThat(service.metric("ml_capture_dropped_total", "")).isZero();
        }
        Set<String> stored = new HashSet<>();
        try (Connection connection = postgres().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT prediction_id FROM " + schema + ".predictions")) {
            while (rows.next()) {
                assertThat(stored.add(rows.getString(1))).as("stored once").isTrue();
            }
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
        assertThat(stored).isEqualTo(answered);
    }

    /** The mean time of a {@code SELECT 1} through the proxy at {@code port}. */
    private static double roundTripMillis(int port) throws SQLException {
        try (Connection connection = postgres(port).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                statement.execute("SELECT 1");
            }
            return (System.nanoTime() - started) / 20 / 1e6;
        }
    }

    private static PGSimpleDataSource postgres() {
        return postgres(5432);
    }

    private static PGSimpleDataSource postgres(int port) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[]{"127.0.0.1"});
        dataSource.setPortNumbers(new int[]{port});
        dataSource.setDatabaseName("test");
        dataSource.setUser("postgres");
        return dataSource;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = postgres().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

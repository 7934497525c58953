package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every decision a client received is recorded, under load that saturates the built
 * inference-service and when it is killed with SIGKILL at a random moment of that load. Several
 * clients send 1000-application batches as fast as they are answered; afterwards the SQLite store
 * is read directly: every prediction id a client got a 200 for is there, once. A 503
 * {@code capture_unavailable} is allowed (the client was told to retry), any other answer is not.
 */
@Tag("end-to-end")
class CaptureUnderLoadTests {

    private static final Pattern PREDICTION_ID = Pattern.compile("\"prediction_id\":\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int CLIENTS = 4;
    private static final String BATCH = batch(1_000);

    @Test
    void everyAnsweredPredictionSurvivesAKillAtARandomMomentOfSaturatingLoadFiveTimes() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-capture-kill");
        Path store = work.resolve("predictions.db");
        int port = LocalProcess.freePort();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Random random = new Random();
        Load total = new Load();
        for (int round = 0; round < 5; round++) {
            try (LocalProcess service = service(work, port, store)) {
                service.start("/health", Duration.ofSeconds(120));
                long killAfterMillis = 1_000 + random.nextInt(3_000);
                Load load = load(service, answered, () -> {
                    LocalProcess.sleep(killAfterMillis);
                    service.kill();
                });
                total.add(load);
                System.out.printf("[capture] round %d: killed after %d ms of load, %d answered, %d refused%n",
                        round + 1, killAfterMillis, load.answered.get(), load.refused.get());
                assertThat(load.unexpected).as("answers other than 200 and 503 capture_unavailable").isEmpty();
            }
        }
        try (LocalProcess restarted = service(work, port, store)) {
            restarted.start("/health", Duration.ofSeconds(120));
            LocalProcess.await(Duration.ofSeconds(120), "the journal emptied into the store",
                    () -> restarted.metric("ml_capture_journal_backlog", "") == 0);
            assertThat(restarted.metric("ml_capture_dropped_total", "")).isZero();
        }

        assertThat(answered).as("predictions answered before the kills").hasSizeGreaterThan(5_000);
        assertStoredOnce(store, answered);
    }

    @Test
    void saturatingLoadIsAnsweredOrRefusedButNothingAnsweredIsDropped() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-capture-load");
        Path store = work.resolve("predictions.db");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try (LocalProcess service = service(work, LocalProcess.freePort(), store)) {
            service.start("/health", Duration.ofSeconds(120));
            Load load = load(service, answered, () -> LocalProcess.sleep(30_000));
            System.out.printf("[capture] 30 s of saturating load: %d answered, %d refused%n", load.answered.get(),
                    load.refused.get());
            assertThat(load.unexpected).as("answers other than 200 and 503 capture_unavailable").isEmpty();
            LocalProcess.await(Duration.ofSeconds(120), "the journal emptied into the store",
                    () -> service.metric("ml_capture_journal_backlog", "") == 0);
            assertThat(service.metric("ml_capture_dropped_total", "")).isZero();
            assertThat(service.metric("ml_capture_written_total", "")).isGreaterThanOrEqualTo(answered.size());
        }
        assertThat(answered).hasSizeGreaterThan(10_000);
        assertStoredOnce(store, answered);
    }

    /** What the clients of one run saw. */
    private static final class Load {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

        void add(Load other) {
            answered.addAndGet(other.answered.get());
            refused.addAndGet(other.refused.get());
            unexpected.addAll(other.unexpected);
        }
    }

    /** Sends batches from {@link #CLIENTS} clients until {@code during} returns, or the service is gone. */
    private static Load load(LocalProcess service, Set<String> answered, Runnable during) throws Exception {
        Load load = new Load();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(service.url("/predict")))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build();
                while (!stop.get()) {
                    HttpResponse<String> response;
                    try {
                        response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        return null;
                    }
                    if (response.statusCode() == 200) {
                        Matcher ids = PREDICTION_ID.matcher(response.body());
                        int count = 0;
                        while (ids.find()) {
                            answered.add(ids.group(1));
                            count++;
                        }
                        load.answered.addAndGet(count);
                    } else if (response.statusCode() == 503 && response.body().contains("\"capture_unavailable\"")
                            && response.headers().firstValue("Retry-After").isPresent()) {
                        load.refused.incrementAndGet();
                    } else {
                        load.unexpected.add(response.statusCode() + " " + response.body());
                        return null;
                    }
                }
                return null;
            }));
        }
        during.run();
        stop.set(true);
        for (Future<?> client : running) {
            client.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        return load;
    }

    private static void assertStoredOnce(Path store, Set<String> answered) throws Exception {
        Set<String> stored = new HashSet<>();
        long rows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
                Statement select = connection.createStatement();
                ResultSet result = select.executeQuery("SELECT prediction_id FROM predictions")) {
            while (result.next()) {
                stored.add(result.getString(1));
                rows++;
            }
        }
        assertThat(rows).as("no prediction stored twice").isEqualTo(stored.size());
        Set<String> missing = new HashSet<>(answered);
        missing.removeAll(stored);
        assertThat(missing).as("answered predictions missing from the store (of %d answered)", answered.size())
                .isEmpty();
    }

    private static String batch(int size) {
        List<CreditRecord> records = new SyntheticCreditGenerator(23).generate(size * 2).stream()
                .filter(record -> record.get(Feature.AGE) >= 18).limit(size).toList();
        StringBuilder batch = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < records.size(); i++) {
            batch.append(i > 0 ? "," : "").append(AlertingEndToEndTests.application(records.get(i)));
        }
        return batch.append("]}").toString();
    }

    /** Started from this module's folder without MODEL_PATH: the jar finds the repository's bundle beside it. */
    private static LocalProcess service(Path work, int port, Path store) {
        return ServiceProcess.inference(work.resolve("inference-service.log")).port(port).jvm("-Xmx512m")
                .store(ServiceProcess.sqliteStore(store)).journal(work.resolve("capture-journal")).build();
    }
}

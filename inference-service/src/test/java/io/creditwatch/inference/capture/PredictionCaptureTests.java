package io.creditwatch.inference.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.creditwatch.inference.metrics.InferenceMeter;
import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreDialect;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.actuate.health.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The capture writer on its own, over a real SQLite store. */
class PredictionCaptureTests {

    @TempDir
    Path directory;

    HikariDataSource dataSource;
    PredictionStore store;
    SimpleMeterRegistry registry;
    PredictionCapture capture;

    @BeforeEach
    void open() {
        String url = "jdbc:sqlite:" + directory.resolve("store.db") + "?journal_mode=WAL&busy_timeout=10000";
        StoreDialect.prepare(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        dataSource = new HikariDataSource(config);
        store = new PredictionStore(dataSource, url);
        registry = new SimpleMeterRegistry();
        capture = new PredictionCapture(properties(CapturePolicy.DURABLE, DataSize.ofMegabytes(64)), store,
                new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties()));
        capture.start();
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    CaptureProperties properties(CapturePolicy policy, DataSize journalLimit) {
        return new CaptureProperties(policy, 100_000, Duration.ofSeconds(5), Duration.ofSeconds(1), 1_000,
                Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                directory.resolve("journal"), journalLimit, DataSize.ofMegabytes(1), directory.resolve("legacy.db"));
    }

    @Test
    void aCleanShutdownWritesEverythingStillQueued() throws Exception {
        for (int i = 0; i < 20; i++) {
            capture.record(predictions(1_000));
        }
        capture.stop();

        assertThat(store.predictionsAfter(0, 30_000)).hasSize(20_000);
        assertThat(registry.get(InferenceMeter.CAPTURE_QUEUED.getName()).functionCounter().count()).isEqualTo(20_000);
        assertThat(registry.counter(InferenceMeter.CAPTURE_WRITTEN.getName()).count()).isEqualTo(20_000);
        assertThat(registry.counter(InferenceMeter.CAPTURE_DROPPED.getName()).count()).isZero();
        assertThat(capture.isRunning()).isFalse();
    }

    @Test
    void aRowTheStoreRefusesIsSetAsideAndEverythingElseIsWritten() throws Exception {
        for (int i = 0; i < 3_000; i++) {
            capture.record(List.of(i == 1_500 ? poison() : prediction()));
        }
        assertThat(capture.awaitWritten(Duration.ofSeconds(30))).isTrue();
        capture.record(predictions(100));
        capture.stop();

        assertThat(store.predictionsAfter(0, 10_000)).hasSize(3_099);
        assertThat(registry.counter(InferenceMeter.CAPTURE_WRITTEN.getName()).count()).isEqualTo(3_099);
        assertThat(registry.counter(InferenceMeter.CAPTURE_DROPPED.getName()).count()).isEqualTo(1);
        assertThat(capture.health().getDetails()).containsEntry("store_reachable", true);
    }

    @Test
    void aJournalAtItsLimitRefusesRecordsUntilTheStoreIsBackAndLosesNothingItTook() throws Exception {
        capture.stop();
        AtomicBoolean storeDown = new AtomicBoolean(true);
        DataSource switchable = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, arguments) -> {
                    if (storeDown.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("connection refused (the test's store is down)", "08001");
                    }
                    try {
                        return method.invoke(dataSource, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PredictionStore flaky = new PredictionStore(switchable, "jdbc:sqlite:" + directory.resolve("store.db"));
        registry = new SimpleMeterRegistry();
        capture = new PredictionCapture(properties(CapturePolicy.DURABLE, DataSize.ofKilobytes(64)), flaky,
                new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties()));
        capture.start();

        Set<String> recorded = new HashSet<>();
        CaptureUnavailableException refusal = null;
        while (refusal == null && recorded.size() < 100_000) {
            List<CapturedPrediction> batch = predictions(50);
            try {
                capture.admit(batch.size());
                capture.record(batch);
                batch.forEach(prediction -> recorded.add(prediction.predictionId()));
            } catch (CaptureUnavailableException e) {
                refusal = e;
            }
        }

        assertThat(refusal).isNotNull();
        assertThat(refusal.reason()).isEqualTo(CaptureUnavailableException.Cause.JOURNAL_FULL);
        assertThat(recorded).hasSizeGreaterThan(200);
        assertThat(capture.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(capture.health().getDetails()).containsKey("refusing").containsEntry("store_reachable", false);
        assertThat(
                registry.get(InferenceMeter.CAPTURE_REFUSED.getName()).tag("reason", "journal_full").counter().count())
                .isEqualTo(50);

        storeDown.set(false);
        assertThat(capture.awaitWritten(Duration.ofSeconds(30))).isTrue();
        capture.record(predictions(50));
        capture.stop();

        Set<String> stored = new HashSet<>();
        store.predictionsAfter(0, 1_000_000).forEach(prediction -> stored.add(prediction.predictionId()));
        assertThat(stored).containsAll(recorded).hasSize(recorded.size() + 50);
        assertThat(registry.counter(InferenceMeter.CAPTURE_WRITTEN.getName()).count()).isEqualTo(recorded.size() + 50);
        assertThat(registry.counter(InferenceMeter.CAPTURE_DROPPED.getName()).count()).isZero();
        assertThat(capture.health().getDetails()).doesNotContainKey("refusing");
    }

    @Test
    void aStoreWriterThatDiesMakesHealthDownAndRefusesRecords() throws Exception {
        capture.stop();
        AtomicBoolean armed = new AtomicBoolean();
        DataSource broken = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, arguments) -> {
                    if (armed.get()) {
                        throw new AssertionError("a fault no writer expects");
                    }
                    try {
                        return method.invoke(dataSource, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        registry = new SimpleMeterRegistry();
        capture = new PredictionCapture(properties(CapturePolicy.DURABLE, DataSize.ofMegabytes(64)),
                new PredictionStore(broken, "jdbc:sqlite:" + directory.resolve("store.db")),
                new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties()));
        capture.start();
        armed.set(true);
        capture.record(predictions(10));

        org.awaitility.Awaitility.await().dontCatchUncaughtExceptions()
                .untilAsserted(() -> assertThat(capture.health().getStatus()).isEqualTo(Status.DOWN));
        assertThat(capture.health().getDetails()).containsEntry("writers_running", false);
        assertThat(registry.get(InferenceMeter.CAPTURE_WRITER_UP.getName()).gauge().value()).isZero();
        assertThatThrownBy(() -> capture.admit(1)).isInstanceOfSatisfying(CaptureUnavailableException.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(CaptureUnavailableException.Cause.WRITER_STOPPED));
        capture.stop();
    }

    @Test
    void theSqliteJournalOfAnEarlierVersionIsImportedOnceAndForwarded() throws Exception {
        capture.stop();
        List<CapturedPrediction> left = predictions(30);
        try (Connection legacy = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("legacy.db"));
                Statement create = legacy.createStatement()) {
            create.execute("CREATE TABLE capture_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "predictions INTEGER NOT NULL, payload BLOB NOT NULL)");
            for (List<CapturedPrediction> group : List.of(left.subList(0, 10), left.subList(10, 30))) {
                try (PreparedStatement insert = legacy.prepareStatement(
                        "INSERT INTO capture_journal (predictions, payload) VALUES (?, ?)")) {
                    insert.setInt(1, group.size());
                    insert.setBytes(2, layoutOne(group));
                    insert.executeUpdate();
                }
            }
            create.execute("INSERT INTO capture_journal (predictions, payload) VALUES (1, x'09')");
        }

        capture = new PredictionCapture(properties(CapturePolicy.DURABLE, DataSize.ofMegabytes(64)), store,
                new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties()));
        capture.start();
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(store.predictionsAfter(0, 100)).hasSize(30));
        capture.stop();

        assertThat(store.predictionsAfter(0, 100)).extracting(stored -> stored.predictionId())
                .containsExactlyInAnyOrderElementsOf(left.stream().map(CapturedPrediction::predictionId).toList());
        assertThat(directory.resolve("legacy.db")).doesNotExist();
        assertThat(directory.resolve("legacy.db.imported")).exists();
    }

    /** The group layout of the SQLite journal before issue 23. */
    private static byte[] layoutOne(List<CapturedPrediction> group) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(group.size());
            for (CapturedPrediction prediction : group) {
                for (String text : new String[]{prediction.predictionId(), prediction.requestId()}) {
                    out.writeBoolean(true);
                    out.writeUTF(text);
                }
                out.writeLong(prediction.predictedAtMillis());
                out.writeBoolean(true);
                out.writeUTF(prediction.modelVersion());
                for (double value : prediction.features()) {
                    out.writeDouble(value);
                }
                out.writeDouble(prediction.probability());
                out.writeInt(prediction.predictedClass());
                out.writeLong(prediction.creditScore());
                out.writeBoolean(true);
                out.writeUTF(prediction.riskBand());
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void moreThanTheQueueHoldsOrNoFlushInTimeIsRefused() throws Exception {
        capture.stop();
        registry = new SimpleMeterRegistry();
        capture = new PredictionCapture(new CaptureProperties(CapturePolicy.DURABLE, 100, Duration.ZERO,
                Duration.ofSeconds(1), 1_000, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10), directory.resolve("journal"), DataSize.ofMegabytes(64), DataSize.ofMegabytes(1),
                directory.resolve("legacy.db")), store,
                new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties()));
        capture.start();

        assertThatThrownBy(() -> capture.admit(101)).isInstanceOfSatisfying(CaptureUnavailableException.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(CaptureUnavailableException.Cause.QUEUE_FULL));
        assertThatThrownBy(() -> capture.record(predictions(101))).isInstanceOfSatisfying(
                CaptureUnavailableException.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(CaptureUnavailableException.Cause.QUEUE_FULL));
        assertThatThrownBy(() -> capture.record(predictions(10))).as("a commit timeout of zero never waits for a flush")
                .isInstanceOfSatisfying(CaptureUnavailableException.class, refusal -> assertThat(refusal.reason())
                        .isEqualTo(CaptureUnavailableException.Cause.COMMIT_TIMEOUT));
        assertThat(capture.awaitWritten(Duration.ofSeconds(30))).isTrue();
        capture.stop();

        assertThat(registry.get(InferenceMeter.CAPTURE_REFUSED.getName()).tag("reason", "queue_full").counter().count())
                .isEqualTo(202);
        assertThat(registry.get(InferenceMeter.CAPTURE_REFUSED.getName()).tag("reason", "commit_timeout").counter()
                .count())
                .isEqualTo(10);
        assertThat(store.predictionsAfter(0, 1_000)).as("a record that timed out is still recorded, only not answered")
                .hasSize(10);
        assertThat(registry.counter(InferenceMeter.CAPTURE_DROPPED.getName()).count()).isZero();
    }

    @Test
    void bestEffortAnswersWithoutWaitingAndCountsWhatTheJournalCannotTake() throws Exception {
        capture.stop();
        registry = new SimpleMeterRegistry();
        capture = new PredictionCapture(properties(CapturePolicy.BEST_EFFORT, DataSize.ofKilobytes(64)),
                store, new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties()));
        capture.start();

        capture.record(predictions(100));
        capture.record(predictions(2_000));
        assertThat(capture.awaitWritten(Duration.ofSeconds(30))).isTrue();

        assertThat(capture.health().getStatus()).as("best-effort answers; /health says it drops").isEqualTo(Status.UP);
        assertThat(capture.health().getDetails()).containsKey("dropping");
        capture.stop();
        assertThat(registry.counter(InferenceMeter.CAPTURE_WRITTEN.getName()).count()).isEqualTo(100);
        assertThat(registry.counter(InferenceMeter.CAPTURE_DROPPED.getName()).count())
                .as("2,000 predictions do not fit in 64 kB")
                .isEqualTo(2_000);
    }

    /** A prediction the store cannot hold: its request id is missing. */
    private static CapturedPrediction poison() {
        return new CapturedPrediction(UUID.randomUUID().toString(), null, System.currentTimeMillis(), "1.0.0",
                new double[]{0.3, 50, 0, 0.3, Double.NaN, 8, 0, 1, 0, Double.NaN}, 0.1, 0, 600, "medium");
    }

    static List<CapturedPrediction> predictions(int count) {
        List<CapturedPrediction> predictions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            predictions.add(prediction());
        }
        return predictions;
    }

    static CapturedPrediction prediction() {
        return new CapturedPrediction(UUID.randomUUID().toString(), "req", System.currentTimeMillis(), "1.0.0",
                new double[]{0.3, 50, 0, 0.3, Double.NaN, 8, 0, 1, 0, Double.NaN}, 0.1, 0, 600, "medium");
    }
}

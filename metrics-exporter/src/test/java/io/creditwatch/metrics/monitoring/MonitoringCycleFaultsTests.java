package io.creditwatch.metrics.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring cycle against what it meets in the field: rows that break the contract, commits out
 * of order, a bundle of an older format.
 */
class MonitoringCycleFaultsTests {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path directory;

    @Test
    void rowsThatBreakTheContractAreCountedAndSkippedAndTheCycleGoesOn() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("bad.db");
        try (HikariDataSource dataSource = dataSource(url, null)) {
            PredictionStore store = new PredictionStore(dataSource, url);
            store.migrate();
            List<CapturedPrediction> good = predictions(600, 0.1);
            store.insertPredictions(good);
            store.insertPredictions(predictions(1, 1.5));
            List<OutcomeSubmission> labels = labels(good.subList(0, 200));
            labels.add(new OutcomeSubmission(good.get(300).predictionId(), 7));
            store.insertOutcomes(labels, 1);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MonitoringCycle cycle = cycle("../models/default", store, registry);

            cycle.run();
            cycle.run();

            assertThat(cycle.health().getStatus()).isEqualTo(Status.UP);
            assertThat(registry.get("ml.exporter.rows.rejected").tag("kind", "predictions").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("ml.exporter.rows.rejected").tag("kind", "labels").counter().count()).isEqualTo(1);
            assertThat(registry.get("ml.model.labelled.predictions").tag("source", "live").gauge().value())
                    .isEqualTo(200);
            assertThat(registry.get("ml.drift.window.predictions").gauge().value()).isEqualTo(600);
        }
    }

    @Test
    void aPredictionCommittedAfterLaterOnesIsStillReadOnce() throws Exception {
        String schema = "creditwatch_late_" + Long.toHexString(System.nanoTime());
        try (Connection admin = postgres(); Statement create = admin.createStatement()) {
            create.execute("CREATE SCHEMA " + schema);
        }
        String url = POSTGRES + "?currentSchema=" + schema;
        try (HikariDataSource dataSource = dataSource(url, "postgres")) {
            PredictionStore store = new PredictionStore(dataSource, url);
            store.migrate();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MonitoringCycle cycle = cycle("../models/default", store, registry);
            try (Connection slow = DriverManager.getConnection(url, "postgres", "")) {
                slow.setAutoCommit(false);
                try (PreparedStatement insert = slow.prepareStatement("INSERT INTO predictions (prediction_id, "
                        + "request_id, predicted_at_ms, model_version, probability, predicted_class, credit_score, "
                        + "risk_band) VALUES (?, 'slow', 1, '1.0.0', 0.2, 0, 600, 'medium')")) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.executeUpdate();
                }
                store.insertPredictions(predictions(3, 0.1));
                cycle.run();
                assertThat(read(registry)).as("the three committed ones").isEqualTo(3);

                slow.commit();
            }
            cycle.run();
            cycle.run();
            assertThat(read(registry)).as("the late one too, once").isEqualTo(4);
        } finally {
            try (Connection admin = postgres(); Statement drop = admin.createStatement()) {
                drop.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void aBundleOfFormatOneIsMonitoredWithoutItsMissingGrades() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path bundle = directory.resolve("format-1");
        Files.createDirectories(bundle);
        ObjectNode card = (ObjectNode) json.readTree(Path.of("../models/default/model-card.json").toFile());
        card.put("format_version", 1).remove("master_scale");
        json.writeValue(bundle.resolve("model-card.json").toFile(), card);
        ObjectNode profile = (ObjectNode) json.readTree(Path.of("../models/default/reference-profile.json").toFile());
        profile.put("format_version", 1).remove("grade_counts");
        json.writeValue(bundle.resolve("reference-profile.json").toFile(), profile);
        String url = "jdbc:sqlite:" + directory.resolve("format-1.db");
        try (HikariDataSource dataSource = dataSource(url, null)) {
            PredictionStore store = new PredictionStore(dataSource, url);
            store.migrate();
            List<CapturedPrediction> predictions = predictions(600, 0.1);
            store.insertPredictions(predictions);
            store.insertOutcomes(labels(predictions), 1);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MonitoringCycle cycle = cycle(bundle.toString(), store, registry);

            cycle.run();

            assertThat(cycle.health().getStatus()).isEqualTo(Status.UP);
            assertThat(registry.find("ml.validation.jeffreys.p.value").tag("grade", "portfolio").gauge()).isNotNull();
            assertThat(registry.find("ml.validation.jeffreys.p.value").gauges()).hasSize(1);
            assertThat(registry.find("ml.validation.rank.ordering.pairs.tested").gauge()).isNull();
            assertThat(registry.find("ml.grade.share").gauge()).isNull();
        }
    }

    private static double read(SimpleMeterRegistry registry) {
        return registry.get("ml.exporter.rows.processed").tag("kind", "predictions").counter().count();
    }

    private static MonitoringCycle cycle(String bundle, PredictionStore store, SimpleMeterRegistry registry) {
        return new MonitoringCycle(ScenarioStores.defaults(bundle, 5_000), store, new ExporterMetrics(registry));
    }

    /** One label per prediction: every tenth defaulted. */
    private static List<OutcomeSubmission> labels(List<CapturedPrediction> predictions) {
        List<OutcomeSubmission> labels = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            labels.add(new OutcomeSubmission(predictions.get(i).predictionId(), i % 10 == 0 ? 1 : 0));
        }
        return labels;
    }

    private static HikariDataSource dataSource(String url, String user) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        return dataSource;
    }

    /** The PostgreSQL of the machine; CI starts it, so there its absence is a failure, not a skip. */
    private static Connection postgres() throws SQLException {
        try {
            return DriverManager.getConnection(POSTGRES, "postgres", "");
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("no PostgreSQL at " + POSTGRES + ": " + e.getMessage());
            throw e;
        }
    }

    private static List<CapturedPrediction> predictions(int count, double probability) {
        List<CapturedPrediction> predictions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "req", 1, "1.0.0",
                    new double[]{0.3, 30 + i % 50, 0, 0.3, 5000, 8, 0, 1, 0, 1}, probability, 0, 600, "low"));
        }
        return predictions;
    }
}

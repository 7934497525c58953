package io.creditwatch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A store written before outcomes had dates keeps its meaning: each prediction's first label is its final one. */
class StoreMigrationTests {

    @Test
    void labelsStoredBeforeDatesBecomeFinalOutcomesFirstLabelFirst(@TempDir Path directory) throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("old.db");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Flyway.configure().dataSource(dataSource).locations(StoreMigrations.LOCATION)
                    .placeholders(Map.of("auto_id", StoreDialect.SQLITE.autoId())).table("creditwatch_schema_history")
                    .target("1").load().migrate();
            PredictionStore store = new PredictionStore(dataSource, url);
            List<CapturedPrediction> predictions = PredictionStoreTests.predictions(2);
            String first = predictions.get(0).predictionId();
            try (Connection connection = dataSource.getConnection(); Statement insert = connection.createStatement()) {
                // the predictions as the store of that version wrote them: its columns only
                for (CapturedPrediction prediction : predictions) {
                    insert.executeUpdate("INSERT INTO predictions (prediction_id, predicted_at_ms, model_version, "
                            + String.join(", ", PredictionStore.FEATURE_COLUMNS) + ", probability, predicted_class, "
                            + "credit_score, risk_band, request_id) VALUES ('" + prediction.predictionId()
                            + "', 1, '1.0.0', "
                            + "0, ".repeat(PredictionStore.FEATURE_COLUMNS.size()) + "0.5, 1, 500, 'medium', 'req')");
                }
                // two labels that raced past the old read-then-write check, then one of another prediction
                insert.executeUpdate("INSERT INTO feedback (prediction_id, actual, received_at_ms) VALUES ('" + first
                        + "', 1, 1), ('" + first + "', 0, 2), ('" + predictions.get(1).predictionId() + "', 0, 3)");
            }

            store.migrate();

            assertThat(store.finalOutcomes(predictions.stream().map(CapturedPrediction::predictionId).toList()))
                    .isEqualTo(Map.of(first, 1, predictions.get(1).predictionId(), 0));
            assertThat(store.outcomesAfter(0, 10)).extracting(StoredOutcome::isFinal).containsExactly(true, false,
                    true);
            assertThat(store.insertOutcomes(List.of(new OutcomeSubmission(first, 0)), 4)).containsExactly(false);
        }
    }
}

package io.creditwatch.inference;

import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The service's own store configuration on PostgreSQL: a batch the store refuses raises an error
 * whose whole chain (message, causes, next exceptions, as a log line with its stack trace would
 * print them) names no applicant value. Without {@code logServerErrorDetail=false} PgJDBC puts the
 * failing row and the batch entry's statement with its values there.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"inference.model.path=../models/default", "spring.datasource.username=postgres"})
class StoreErrorPrivacyTests {

    private static final String SERVER = System.getenv().getOrDefault("CREDITWATCH_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "creditwatch_privacy_" + Long.toHexString(System.nanoTime());

    @Autowired
    PredictionStore store;

    @BeforeAll
    static void createSchema() {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL at " + SERVER + " is required in CI", e);
            }
            Assumptions.abort("no PostgreSQL at " + SERVER + " (" + e.getMessage() + ")");
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SERVER + "?currentSchema=" + SCHEMA);
    }

    @Test
    void aRefusedBatchNamesNoApplicantValueInItsError() {
        store.migrate();
        double[] features = {0.8123457, 47, 3, 0.4917263, 7321.75, 11, 2, 1, 0, 4};
        List<CapturedPrediction> batch = List.of(
                new CapturedPrediction(UUID.randomUUID().toString(), "r", 1, "1.0.0", features, 0.31, 1, 598, "high"),
                new CapturedPrediction(UUID.randomUUID().toString(), null, 1, "1.0.0", features, 0.31, 1, 598, "high"));

        SQLException refused = catchThrowableOfType(SQLException.class, () -> store.insertPredictions(batch));

        StringWriter printed = new StringWriter();
        try (PrintWriter out = new PrintWriter(printed)) {
            refused.printStackTrace(out);
            for (SQLException next = refused.getNextException(); next != null; next = next.getNextException()) {
                next.printStackTrace(out);
            }
        }
        assertThat(printed.toString()).as("the refusal is reported").contains("null value")
                .doesNotContain("7321.75", "0.8123457", "0.4917263", "Failing row", batch.get(0).predictionId());
    }
}

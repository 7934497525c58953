package io.creditwatch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh, migrated stores for tests: a SQLite file, or a new schema in the PostgreSQL at
 * 127.0.0.1:5432 (database {@code test}, user {@code postgres}; override with
 * {@code CREDITWATCH_TEST_POSTGRES_URL}). Without that server a developer's run skips the
 * PostgreSQL tests; under CI ({@code CI=true}) it fails instead, since CI starts the server.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("CREDITWATCH_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = "postgres";

    private TestDatabases() {
    }

    public static HikariDataSource sqlite(Path directory) {
        String url = "jdbc:sqlite:" + directory.resolve("store/predictions.db")
                + "?journal_mode=WAL&busy_timeout=10000";
        StoreDialect.prepare(url);
        return migrated(url, null);
    }

    /** A migrated store in a new PostgreSQL schema; the returned URL names that schema. */
    public static HikariDataSource postgres() {
        String schema = "creditwatch_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL at " + POSTGRES_URL + " is required in CI: " + e.getMessage(), e);
            }
            Assumptions.abort("no PostgreSQL at " + POSTGRES_URL + " (" + e.getMessage() + ")");
        }
        return migrated(postgresUrl(schema), POSTGRES_USER);
    }

    public static String postgresUrl(String schema) {
        return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Closes a test store; a PostgreSQL one takes its schema with it. */
    public static void dispose(HikariDataSource dataSource) {
        String url = dataSource.getJdbcUrl();
        dataSource.close();
        int schemaAt = url.indexOf("currentSchema=");
        if (schemaAt < 0) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + url.substring(schemaAt + "currentSchema=".length()) + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static HikariDataSource migrated(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        new PredictionStore(dataSource, url).migrate();
        return dataSource;
    }
}

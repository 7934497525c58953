package io.creditwatch.stack;

import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.PredictionStore;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * postgres/initdb/10-creditwatch-roles.sh, the script Compose's PostgreSQL runs on a new database,
 * run on this machine's PostgreSQL (127.0.0.1:5432, as the prediction-store tests use it) against a
 * database of its own: the inference service's role migrates and writes the store, the exporter's
 * reads everything and can change nothing, neither can administer the server.
 */
class StoreRolesTests {

    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;
    private static final Path SCRIPT = Tools.ROOT.resolve("postgres/initdb/10-creditwatch-roles.sh");

    @Test
    void theAppRoleOwnsAndWritesTheStoreAndTheReaderOnlyReadsIt() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String database = "creditwatch_roles_" + suffix;
        String app = "cw_app_" + suffix;
        String reader = "cw_reader_" + suffix;
        admin("test", "CREATE DATABASE " + database);
        try {
            Tools.Result init = runScript(database, app, reader, "an-app-password-of-24chars",
                    "a-reader-password-of-24ch");
            assertThat(init.exitCode()).as(init.output()).isZero();
            assertThat(init.output()).contains(app + " owns " + database + ", " + reader + " reads it");

            PredictionStore appStore = store(database, app);
            appStore.migrate();
            CapturedPrediction prediction = new CapturedPrediction(UUID.randomUUID().toString(), "req-1", 1_000_000L,
                    "1.0.0", new double[]{0.3, 40, 0, 0.35, 5400, 8, 0, 1, 0, 1}, 0.07, 0, 640, "low");
            assertThat(appStore.insertPredictions(List.of(prediction))).containsExactly(true);

            PredictionStore readerStore = store(database, reader);
            readerStore.migrate();
            assertThat(readerStore.predictionsAfter(0, 10)).extracting(stored -> stored.predictionId())
                    .containsExactly(prediction.predictionId());
            SQLException refused = catchThrowableOfType(SQLException.class,
                    () -> execute(database, reader, "DELETE FROM predictions"));
            assertThat(refused.getSQLState()).as("the reader deletes nothing").isEqualTo("42501");
            assertThat(catchThrowableOfType(SQLException.class, () -> readerStore.insertPredictions(List.of(
                    new CapturedPrediction(UUID.randomUUID().toString(), "req-2", 1_000_001L, "1.0.0",
                            prediction.features(), 0.5, 1, 550, "high"))))
                    .getSQLState()).isEqualTo("42501");
            assertThat(catchThrowableOfType(SQLException.class, () -> execute(database, app, "CREATE ROLE intruder_"
                    + suffix)).getSQLState()).as("the app role administers nothing").isEqualTo("42501");
        } finally {
            admin("test", "DROP DATABASE IF EXISTS " + database);
            admin("test", "DROP ROLE IF EXISTS " + app);
            admin("test", "DROP ROLE IF EXISTS " + reader);
        }
    }

    @Test
    void aShortStorePasswordStopsTheInitialisation() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Tools.Result init = runScript("test", "cw_app_" + suffix, "cw_reader_" + suffix, "short",
                "a-reader-password-of-24ch");

        assertThat(init.exitCode()).isEqualTo(1);
        assertThat(init.output()).contains("a store password has 5 characters, at least 16 needed");
        SQLException noRole = catchThrowableOfType(SQLException.class,
                () -> execute("test", "cw_app_" + suffix, "SELECT 1"));
        assertThat((Throwable) noRole).as("no role was made").isNotNull();
    }

    private static Tools.Result runScript(String database, String app, String reader, String appPassword,
                                          String readerPassword)
            throws Exception {
        Path secrets = Files.createTempDirectory("secrets");
        Files.writeString(secrets.resolve("store_app_password"), appPassword);
        Files.writeString(secrets.resolve("store_reader_password"), readerPassword);
        return Tools.run(Tools.ROOT, Map.of("POSTGRES_USER", "postgres", "POSTGRES_DB", database, "PGHOST", HOST,
                "PGPORT", Integer.toString(PORT), "CREDITWATCH_SECRETS", secrets.toString(),
                "CREDITWATCH_APP_ROLE", app, "CREDITWATCH_READER_ROLE", reader),
                "bash", SCRIPT.toString());
    }

    private static PGSimpleDataSource dataSource(String database, String user) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[]{HOST});
        dataSource.setPortNumbers(new int[]{PORT});
        dataSource.setDatabaseName(database);
        dataSource.setUser(user);
        return dataSource;
    }

    private static PredictionStore store(String database, String user) {
        return new PredictionStore(dataSource(database, user),
                "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database);
    }

    private static void admin(String database, String sql) throws SQLException {
        execute(database, "postgres", sql);
    }

    private static void execute(String database, String user, String sql) throws SQLException {
        try (Connection connection = dataSource(database, user).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package io.creditwatch.metrics.monitoring;

import io.creditwatch.store.PredictionStore;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** What the tests that drive a cycle by hand share: a new migrated SQLite store, and the exporter's default settings. */
final class ScenarioStores {

    private ScenarioStores() {
    }

    /** A migrated store in a new file of {@code directory}. */
    static PredictionStore newStore(Path directory) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        String url = "jdbc:sqlite:" + directory.resolve(UUID.randomUUID() + ".db");
        dataSource.setUrl(url);
        PredictionStore store = new PredictionStore(dataSource, url);
        store.migrate();
        return store;
    }

    /** The defaults of application.yml and ExporterProperties, with this bundle and quality window. */
    static ExporterProperties defaults(String model, int qualityWindow) {
        return new ExporterProperties(model, null, 10_000, qualityWindow, 500, 100, 200_000, "/",
                Duration.ofSeconds(60), new ExporterProperties.Validation(500, 20, 50, 0.05, 0.001),
                new ExporterProperties.Vintages(36, 300));
    }
}

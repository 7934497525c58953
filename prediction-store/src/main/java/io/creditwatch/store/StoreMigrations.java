package io.creditwatch.store;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.Map;

/** Brings a database to the current schema: one set of Flyway migrations for both dialects. */
public final class StoreMigrations {

    static final String LOCATION = "classpath:db/creditwatch";

    private StoreMigrations() {
    }

    public static void migrate(DataSource dataSource, StoreDialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .placeholders(Map.of("auto_id", dialect.autoId()))
                .table("creditwatch_schema_history")
                .load()
                .migrate();
    }
}

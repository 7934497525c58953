package io.creditwatch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two databases the store runs on, told apart by their JDBC URL. */
public enum StoreDialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY");

    private final String autoId;

    StoreDialect(String autoId) {
        this.autoId = autoId;
    }

    /** The column definition of an auto-numbered primary key. */
    public String autoId() {
        return autoId;
    }

    public static StoreDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("the prediction store runs on SQLite (jdbc:sqlite:FILE) or PostgreSQL "
                + "(jdbc:postgresql://HOST/DB), not " + jdbcUrl);
    }

    /** Creates the directory of a SQLite file, which SQLite will not do itself. */
    public static void prepare(String jdbcUrl) {
        if (of(jdbcUrl) != SQLITE) {
            return;
        }
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the SQLite store " + parent, e);
        }
    }
}

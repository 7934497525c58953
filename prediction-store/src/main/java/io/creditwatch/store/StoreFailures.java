package io.creditwatch.store;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Set;

/** Reading the store's failures: was it the data or the store, and what to say without repeating row values. */
public final class StoreFailures {

    /** SQLite's primary result codes for a refused value: TOOBIG, CONSTRAINT, MISMATCH, RANGE. */
    private static final Set<Integer> SQLITE_DATA_CODES = Set.of(18, 19, 20, 25);

    private StoreFailures() {
    }

    /**
     * Whether the store refused the rows themselves (a constraint, a value its column cannot hold),
     * so that writing the same rows again cannot succeed; false for a store that could not be
     * reached or was busy, where a retry can.
     */
    public static boolean refusesData(SQLException failure) {
        for (SQLException e = innermost(failure); e != null; e = e.getNextException()) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            if (e instanceof org.sqlite.SQLiteException && SQLITE_DATA_CODES.contains(e.getErrorCode() & 0xff)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure in words fit for a log line or a health detail: never the failed statement or
     * its values, which PostgreSQL's driver puts in the message of a failed batch entry and in
     * the detail of a constraint violation.
     */
    public static String describe(Throwable failure) {
        if (!(failure instanceof SQLException sql)) {
            return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        }
        SQLException cause = innermost(sql);
        String state = cause.getSQLState() == null ? "" : " (SQLState " + cause.getSQLState() + ")";
        if (cause instanceof PSQLException postgres) {
            ServerErrorMessage server = postgres.getServerErrorMessage();
            if (server != null) {
                return server.getMessage() + state;
            }
        }
        if (cause instanceof BatchUpdateException) {
            return "a batched write failed" + state;
        }
        return (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + state;
    }

    /** A failed batch's own message names the statement; the exception it chains to says why. */
    private static SQLException innermost(SQLException failure) {
        SQLException e = failure;
        while (e instanceof BatchUpdateException && e.getNextException() != null) {
            e = e.getNextException();
        }
        return e;
    }
}

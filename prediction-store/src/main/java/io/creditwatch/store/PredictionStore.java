package io.creditwatch.store;

import io.creditwatch.model.schema.Feature;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * JDBC access to the captured predictions and their labels. Every read is by position
 * ({@code seq > after}, on the primary key), so a monitoring cycle reads only what is new and its
 * cost does not grow with the size of the store.
 */
public final class PredictionStore {

    /** The feature columns, in {@link Feature} order: reordering the features reorders them alike. */
    static final List<String> FEATURE_COLUMNS = Feature.ALL.stream().map(PredictionStore::column).toList();
    private static final String FEATURES = String.join(", ", FEATURE_COLUMNS);
    private static final String INSERT_PREDICTION = "INSERT INTO predictions (prediction_id, request_id, "
            + "predicted_at_ms, model_version, " + FEATURES
            + ", probability, predicted_class, credit_score, risk_band, "
            + "reasons) VALUES (?, ?, ?, ?, " + "?, ".repeat(Feature.COUNT) + "?, ?, ?, ?, ?) "
            + "ON CONFLICT (prediction_id) DO NOTHING";
    /** The element type of each column's array, in the order of {@link #INSERT_PREDICTION_ARRAYS}'s columns. */
    private static final List<String> ARRAY_TYPES = java.util.stream.Stream.of(
            List.of("varchar", "varchar", "int8", "varchar"),
            java.util.Collections.nCopies(Feature.COUNT + 1, "float8"),
            List.of("int4", "int4", "varchar", "text")).flatMap(List::stream).toList();
    private static final String INSERT_PREDICTION_ARRAYS = "INSERT INTO predictions (prediction_id, request_id, "
            + "predicted_at_ms, model_version, " + FEATURES
            + ", probability, predicted_class, credit_score, risk_band, "
            + "reasons) "
            + "SELECT * FROM unnest(" + ARRAY_TYPES.stream().map(type -> "?::" + type + "[]")
                    .collect(Collectors.joining(", "))
            + ") ON CONFLICT (prediction_id) DO NOTHING RETURNING prediction_id";
    private static final String INSERT_CHALLENGER = "INSERT INTO challenger_predictions (prediction_id, model_version, "
            + "probability, predicted_class, credit_score, risk_band) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (prediction_id) DO NOTHING";

    private static final String FEATURES_OF_P = FEATURE_COLUMNS.stream().map(column -> "p." + column)
            .collect(Collectors.joining(", "));
    private static final String CHALLENGER_COLUMNS = "c.model_version, c.probability, c.predicted_class, "
            + "c.credit_score, c.risk_band";
    private static final String CHALLENGER_JOIN = "LEFT JOIN challenger_predictions c ON c.prediction_id = p.prediction_id";

    /** Keeps an IN list well below every driver's limit on bind parameters. */
    private static final int LOOKUP_CHUNK = 500;

    /** The column that holds a feature; the switch names every feature, so a new one cannot lack its column. */
    static String column(Feature feature) {
        return switch (feature) {
            case REVOLVING_UTILIZATION -> "revolving_utilization";
            case AGE -> "age";
            case PAST_DUE_30_59_DAYS -> "past_due_30_59_days";
            case DEBT_RATIO -> "debt_ratio";
            case MONTHLY_INCOME -> "monthly_income";
            case OPEN_CREDIT_LINES -> "open_credit_lines";
            case TIMES_90_DAYS_LATE -> "times_90_days_late";
            case REAL_ESTATE_LOANS -> "real_estate_loans";
            case PAST_DUE_60_89_DAYS -> "past_due_60_89_days";
            case DEPENDENTS -> "dependents";
        };
    }

    private final DataSource dataSource;
    private final StoreDialect dialect;

    /**
     * @param jdbcUrl the URL {@code dataSource} connects to: it names the dialect, and for SQLite
     *                the file whose directory is created here (a pool that connects on creation
     *                needs {@link StoreDialect#prepare} first)
     */
    public PredictionStore(DataSource dataSource, String jdbcUrl) {
        this.dataSource = dataSource;
        this.dialect = StoreDialect.of(jdbcUrl);
        StoreDialect.prepare(jdbcUrl);
    }

    /** Creates or upgrades the schema (see {@link StoreMigrations}). */
    public void migrate() {
        StoreMigrations.migrate(dataSource, dialect);
    }

    /**
     * Writes the predictions in one transaction: all or none. Idempotent: a prediction whose id is
     * stored already is skipped, so a batch retried after a lost commit acknowledgement succeeds
     * without storing anything twice. Returns, by position, whether each was stored (false: its id was
     * there already).
     */
    public boolean[] insertPredictions(List<CapturedPrediction> predictions) throws SQLException {
        if (dialect == StoreDialect.POSTGRESQL) {
            return insertPredictionsInRows(predictions);
        }
        return stored(insertAll(INSERT_PREDICTION, predictions, (insert, prediction) -> bind(insert, 1, prediction),
                connection -> insertChallengers(connection, predictions)));
    }

    /** The challenger's predictions of these, in the transaction that writes them (idempotent as they are). */
    private static void insertChallengers(Connection connection, List<CapturedPrediction> predictions)
            throws SQLException {
        if (predictions.stream().allMatch(prediction -> prediction.challenger() == null)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_CHALLENGER)) {
            for (CapturedPrediction prediction : predictions) {
                ChallengerPrediction challenger = prediction.challenger();
                if (challenger != null) {
                    insert.setString(1, prediction.predictionId());
                    insert.setString(2, challenger.modelVersion());
                    insert.setDouble(3, challenger.probability());
                    insert.setInt(4, challenger.predictedClass());
                    insert.setLong(5, challenger.creditScore());
                    insert.setString(6, challenger.riskBand());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * On PostgreSQL, all rows in one statement whose parameters are one array per column: a JDBC
     * batch costs a bind and execute per row, a statement of many {@code VALUES} rows a new plan
     * per size, while this one statement is planned once and takes any number of rows.
     * {@code RETURNING} names the rows that were new.
     */
    private boolean[] insertPredictionsInRows(List<CapturedPrediction> predictions) throws SQLException {
        int n = predictions.size();
        Object[][] columns = new Object[Feature.COUNT + 9][];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = c == 2 ? new Long[n] : c >= 4 && c < 5 + Feature.COUNT ? new Double[n]
                    : c == 5 + Feature.COUNT || c == 6 + Feature.COUNT ? new Integer[n] : new String[n];
        }
        for (int i = 0; i < n; i++) {
            CapturedPrediction prediction = predictions.get(i);
            columns[0][i] = prediction.predictionId();
            columns[1][i] = prediction.requestId();
            columns[2][i] = prediction.predictedAtMillis();
            columns[3][i] = prediction.modelVersion();
            for (int f = 0; f < Feature.COUNT; f++) {
                double value = prediction.features()[f];
                columns[4 + f][i] = Double.isNaN(value) ? null : value;
            }
            columns[4 + Feature.COUNT][i] = prediction.probability();
            columns[5 + Feature.COUNT][i] = prediction.predictedClass();
            columns[6 + Feature.COUNT][i] = Math.toIntExact(prediction.creditScore());
            columns[7 + Feature.COUNT][i] = prediction.riskBand();
            columns[8 + Feature.COUNT][i] = prediction.reasons();
        }
        Set<String> inserted = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_PREDICTION_ARRAYS)) {
                for (int c = 0; c < columns.length; c++) {
                    insert.setArray(c + 1, connection.createArrayOf(ARRAY_TYPES.get(c), columns[c]));
                }
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(rows.getString(1));
                    }
                }
                insertChallengers(connection, predictions);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        boolean[] stored = new boolean[n];
        for (int i = 0; i < n; i++) {
            stored[i] = inserted.remove(predictions.get(i).predictionId());
        }
        return stored;
    }

    /** Sets one prediction's parameters from {@code column} on; the column after them. */
    private static int bind(PreparedStatement insert, int column, CapturedPrediction prediction) throws SQLException {
        insert.setString(column++, prediction.predictionId());
        insert.setString(column++, prediction.requestId());
        insert.setLong(column++, prediction.predictedAtMillis());
        insert.setString(column++, prediction.modelVersion());
        for (double value : prediction.features()) {
            if (Double.isNaN(value)) {
                insert.setNull(column++, Types.DOUBLE);
            } else {
                insert.setDouble(column++, value);
            }
        }
        insert.setDouble(column++, prediction.probability());
        insert.setInt(column++, prediction.predictedClass());
        insert.setLong(column++, prediction.creditScore());
        insert.setString(column++, prediction.riskBand());
        insert.setString(column++, prediction.reasons());
        return column;
    }

    /** The reasons (JSON, as answered) of each of these predictions that the store holds with reasons. */
    public Map<String, String> reasons(Collection<String> predictionIds) throws SQLException {
        Map<String, String> reasons = new HashMap<>();
        lookUp("SELECT prediction_id, reasons FROM predictions WHERE reasons IS NOT NULL AND prediction_id IN (%s)",
                predictionIds, rows -> reasons.put(rows.getString(1), rows.getString(2)));
        return reasons;
    }

    /** The time (epoch milliseconds) of each of these predictions that the store holds. */
    public Map<String, Long> predictionTimes(Collection<String> predictionIds) throws SQLException {
        Map<String, Long> times = new HashMap<>();
        lookUp("SELECT prediction_id, predicted_at_ms FROM predictions WHERE prediction_id IN (%s)", predictionIds,
                rows -> times.put(rows.getString(1), rows.getLong(2)));
        return times;
    }

    /** The final outcome ({@code actual}) stored for each of these prediction ids that has one. */
    public Map<String, Integer> finalOutcomes(Collection<String> predictionIds) throws SQLException {
        Map<String, Integer> labels = new HashMap<>();
        lookUp("SELECT final_prediction_id, actual FROM feedback WHERE final_prediction_id IN (%s)", predictionIds,
                rows -> labels.put(rows.getString(1), rows.getInt(2)));
        return labels;
    }

    /** Takes one row of a result. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs {@code sql} (its {@code %s} the placeholders of an IN list) over the ids, in chunks. */
    private void lookUp(String sql, Collection<String> predictionIds, RowReader reader) throws SQLException {
        List<String> ids = List.copyOf(new HashSet<>(predictionIds));
        try (Connection connection = dataSource.getConnection()) {
            for (int start = 0; start < ids.size(); start += LOOKUP_CHUNK) {
                List<String> chunk = ids.subList(start, Math.min(ids.size(), start + LOOKUP_CHUNK));
                String placeholders = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
                try (PreparedStatement select = connection.prepareStatement(String.format(sql, placeholders))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            reader.read(rows);
                        }
                    }
                }
            }
        }
    }

    /**
     * Appends labels in one transaction, each final when {@code isFinal} says so; the caller has
     * checked that their predictions exist. Returns, by position, whether each was stored: the store
     * keeps at most one final outcome per prediction and one row per observation (prediction,
     * outcome, day), so a second final outcome, or the same observation again, is not stored, even
     * when concurrent senders race (the unique indexes decide, not a read before the write).
     */
    public boolean[] insertOutcomes(List<OutcomeSubmission> labels, Predicate<OutcomeSubmission> isFinal,
                                    long receivedAtMillis)
            throws SQLException {
        int[] counts = insertAll("INSERT INTO feedback (prediction_id, actual, received_at_ms, observed_at_ms, "
                + "final_prediction_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", labels, (insert, label) -> {
                    insert.setString(1, label.predictionId());
                    insert.setInt(2, label.actual());
                    insert.setLong(3, receivedAtMillis);
                    setNullableLong(insert, 4, label.observedAtMillis());
                    insert.setString(5, isFinal.test(label) ? label.predictionId() : null);
                }, connection -> {
                });
        return stored(counts);
    }

    private static boolean[] stored(int[] counts) {
        boolean[] stored = new boolean[counts.length];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = counts[i] != 0;
        }
        return stored;
    }

    /** {@link #insertOutcomes(List, Predicate, long)} of labels that are final when undated (and censored when dated). */
    public boolean[] insertOutcomes(List<OutcomeSubmission> labels, long receivedAtMillis) throws SQLException {
        return insertOutcomes(labels, label -> label.observedAtMillis() == null, receivedAtMillis);
    }

    private static void setNullableLong(PreparedStatement statement, int column, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(column, Types.BIGINT);
        } else {
            statement.setLong(column, value);
        }
    }

    /** More writes in the transaction of a batched insert, before it commits. */
    @FunctionalInterface
    private interface SameTransaction {
        void write(Connection connection) throws SQLException;
    }

    /** Sets the parameters of one row of a batched insert. */
    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    /**
     * One batched insert of all rows in one transaction, all or none; the rows each statement changed.
     * A driver that does not say per row (PgJDBC with {@code reWriteBatchedInserts=true} answers
     * {@link Statement#SUCCESS_NO_INFO}) gets the same transaction again, one statement per row.
     */
    private <T> int[] insertAll(String sql, List<T> rows, RowBinder<T> binder, SameTransaction then)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(insert, row);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                if (Arrays.stream(counts).anyMatch(count -> count == Statement.SUCCESS_NO_INFO)) {
                    connection.rollback();
                    for (int i = 0; i < counts.length; i++) {
                        binder.bind(insert, rows.get(i));
                        counts[i] = insert.executeUpdate();
                    }
                }
                then.write(connection);
                connection.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Up to {@code limit} predictions after position {@code after}, oldest first. */
    public List<StoredPrediction> predictionsAfter(long after, int limit) throws SQLException {
        List<StoredPrediction> predictions = new ArrayList<>(Math.min(limit, 10_000));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT p.seq, p.prediction_id, "
                        + "p.predicted_at_ms, " + FEATURES_OF_P
                        + ", p.probability, p.predicted_class, p.model_version, "
                        + CHALLENGER_COLUMNS + " FROM predictions p " + CHALLENGER_JOIN
                        + " WHERE p.seq > ? ORDER BY p.seq LIMIT ?")) {
            select.setLong(1, after);
            select.setInt(2, limit);
            select.setFetchSize(Math.min(limit, 5_000));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    double[] features = new double[Feature.COUNT];
                    for (int i = 0; i < Feature.COUNT; i++) {
                        double value = rows.getDouble(4 + i);
                        features[i] = rows.wasNull() ? Double.NaN : value;
                    }
                    predictions.add(new StoredPrediction(rows.getLong(1), rows.getString(2), rows.getLong(3), features,
                            rows.getDouble(4 + Feature.COUNT), rows.getInt(5 + Feature.COUNT),
                            rows.getString(6 + Feature.COUNT),
                            challenger(rows, 7 + Feature.COUNT)));
                }
            }
        }
        return predictions;
    }

    /** Up to {@code limit} labels after position {@code after}, oldest first, with their predictions. */
    public List<StoredOutcome> outcomesAfter(long after, int limit) throws SQLException {
        List<StoredOutcome> labels = new ArrayList<>(Math.min(limit, 10_000));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT f.seq, f.prediction_id, p.seq, "
                        + "p.predicted_at_ms, f.actual, f.observed_at_ms, f.final_prediction_id, p.probability, "
                        + "p.predicted_class, p.model_version, " + CHALLENGER_COLUMNS
                        + " FROM feedback f JOIN predictions p "
                        + "ON p.prediction_id = f.prediction_id " + CHALLENGER_JOIN
                        + " WHERE f.seq > ? ORDER BY f.seq LIMIT ?")) {
            select.setLong(1, after);
            select.setInt(2, limit);
            select.setFetchSize(Math.min(limit, 5_000));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long observedAt = rows.getLong(6);
                    Long observed = rows.wasNull() ? null : observedAt;
                    labels.add(new StoredOutcome(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                            rows.getInt(5), observed, rows.getString(7) != null, rows.getDouble(8), rows.getInt(9),
                            rows.getString(10), challenger(rows, 11)));
                }
            }
        }
        return labels;
    }

    /** The challenger's prediction in the {@link #CHALLENGER_COLUMNS} from {@code column} on, or null. */
    private static ChallengerPrediction challenger(ResultSet rows, int column) throws SQLException {
        String version = rows.getString(column);
        return version == null ? null : new ChallengerPrediction(version, rows.getDouble(column + 1),
                rows.getInt(column + 2), rows.getLong(column + 3), rows.getString(column + 4));
    }

    /** The position of the newest prediction, 0 when there is none. */
    public long lastPredictionSeq() throws SQLException {
        return lastSeq("predictions");
    }

    /** The position of the newest label, 0 when there is none. */
    public long lastOutcomeSeq() throws SQLException {
        return lastSeq("feedback");
    }

    private long lastSeq(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT MAX(seq) FROM " + table);
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package io.creditwatch.inference.capture;

import io.creditwatch.model.schema.Feature;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.StoreDialect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The local, durable hand-over between serving and the prediction store: captured predictions
 * are appended here in groups, each group one SQLite transaction (WAL, {@code synchronous=FULL}:
 * committed means on disk), and removed once the store holds them. After a crash, whatever is
 * still here is written to the store at the next start; store writes are idempotent, so a group
 * written just before the crash is not stored twice.
 *
 * <p>SQLite, rather than a format of our own: it is already the project's local store, its
 * transactions make a half-written group impossible, and one commit per group (not per
 * prediction) keeps the cost of durability at one disk flush per few milliseconds of traffic. A
 * group is stored as one blob in a small binary layout ({@link #encode}), since decoding row by
 * row costs more than the store write it feeds. Thread-safe: one connection, used under a lock.
 */
final class CaptureJournal implements AutoCloseable {

    private static final int LAYOUT_VERSION = 1;

    private final Connection connection;

    /** One group of captured predictions and its place in the journal. */
    record Group(long id, List<CapturedPrediction> predictions) {
    }

    CaptureJournal(Path file) throws SQLException {
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000";
        StoreDialect.prepare(url);
        this.connection = DriverManager.getConnection(url);
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS capture_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "predictions INTEGER NOT NULL, payload BLOB NOT NULL)");
        }
    }

    /** Appends one group in one transaction: when this returns, the group is on disk. */
    synchronized void append(List<CapturedPrediction> group) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO capture_journal (predictions, payload) VALUES (?, ?)")) {
            insert.setInt(1, group.size());
            insert.setBytes(2, encode(group));
            insert.executeUpdate();
        }
    }

    /** The oldest group, or null when the journal is empty. */
    synchronized Group oldest() throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT id, payload FROM capture_journal ORDER BY id LIMIT 1")) {
            return rows.next() ? new Group(rows.getLong(1), decode(rows.getBytes(2))) : null;
        }
    }

    synchronized void remove(long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM capture_journal WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    /** How many predictions the journal holds. */
    synchronized long predictions() throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT COALESCE(SUM(predictions), 0) FROM capture_journal")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }

    static byte[] encode(List<CapturedPrediction> group) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(group.size() * 200);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(LAYOUT_VERSION);
            out.writeInt(group.size());
            for (CapturedPrediction prediction : group) {
                writeText(out, prediction.predictionId());
                writeText(out, prediction.requestId());
                out.writeLong(prediction.predictedAtMillis());
                writeText(out, prediction.modelVersion());
                for (double value : prediction.features()) {
                    out.writeDouble(value);
                }
                out.writeDouble(prediction.probability());
                out.writeInt(prediction.predictedClass());
                out.writeLong(prediction.creditScore());
                writeText(out, prediction.riskBand());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static List<CapturedPrediction> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = in.readByte();
            if (version != LAYOUT_VERSION) {
                throw new IllegalStateException("capture journal layout " + version + " is not known to this build");
            }
            int count = in.readInt();
            List<CapturedPrediction> group = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String predictionId = readText(in);
                String requestId = readText(in);
                long predictedAt = in.readLong();
                String modelVersion = readText(in);
                double[] features = new double[Feature.COUNT];
                for (int f = 0; f < features.length; f++) {
                    features[f] = in.readDouble();
                }
                group.add(new CapturedPrediction(predictionId, requestId, predictedAt, modelVersion, features,
                        in.readDouble(), in.readInt(), in.readLong(), readText(in)));
            }
            return group;
        } catch (IOException e) {
            throw new UncheckedIOException("a capture journal entry is cut short", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}

package io.creditwatch.inference.capture;

import io.creditwatch.model.schema.Feature;
import io.creditwatch.store.CapturedPrediction;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQLite capture journal of the versions before the journal of its own: what an upgraded
 * service finds there was answered and must still reach the store, so it is copied into the new
 * journal once, at start, and the file is then renamed {@code *.imported}.
 */
final class LegacyJournal {

    private static final int LAYOUT_VERSION = 1;

    private LegacyJournal() {
    }

    /** What was imported: groups and predictions, and the groups that could not be read. */
    record Imported(Path renamed, long groups, long predictions, long unreadableGroups) {
    }

    /** Copies every readable group of {@code file} into {@code journal}; null when there is no such file. */
    static Imported importInto(CaptureJournal journal, Path file) throws IOException, SQLException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        long groups = 0;
        long predictions = 0;
        long unreadable = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT payload FROM capture_journal ORDER BY id")) {
            while (rows.next()) {
                List<CapturedPrediction> group = decode(rows.getBytes(1));
                if (group == null) {
                    unreadable++;
                    continue;
                }
                journal.importGroup(GroupEncoding.encode(group), group.size());
                groups++;
                predictions += group.size();
            }
        } catch (SQLException e) {
            if (!e.getMessage().contains("no such table")) {
                throw e;
            }
        }
        journal.flush();
        Path renamed = file.resolveSibling(file.getFileName() + ".imported");
        Files.move(file, renamed, StandardCopyOption.REPLACE_EXISTING);
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
        return new Imported(renamed, groups, predictions, unreadable);
    }

    /** A group in the old layout; null when it cannot be read. */
    private static List<CapturedPrediction> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != LAYOUT_VERSION) {
                return null;
            }
            int count = in.readInt();
            List<CapturedPrediction> group = new ArrayList<>(Math.min(count, 100_000));
            for (int i = 0; i < count; i++) {
                String predictionId = text(in);
                String requestId = text(in);
                long predictedAt = in.readLong();
                String modelVersion = text(in);
                double[] features = new double[Feature.COUNT];
                for (int f = 0; f < features.length; f++) {
                    features[f] = in.readDouble();
                }
                group.add(new CapturedPrediction(predictionId, requestId, predictedAt, modelVersion, features,
                        in.readDouble(), in.readInt(), in.readLong(), text(in)));
            }
            return group;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}

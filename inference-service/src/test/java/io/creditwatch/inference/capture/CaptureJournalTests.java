package io.creditwatch.inference.capture;

import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.ChallengerPrediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal on its own: its encoding, its files, and each way a file left by a crash can be damaged. */
class CaptureJournalTests {

    private static final long LIMIT = 64L << 20;
    private static final Duration HOURLY = Duration.ofHours(1);

    @TempDir
    Path directory;

    @Test
    void aGroupReadsBackAsItWasWritten() throws Exception {
        List<CapturedPrediction> group = new ArrayList<>();
        group.add(new CapturedPrediction(UUID.randomUUID().toString(), "request-1", 1_700_000_000_000L, "1.0.0",
                new double[]{0.25, 41, 0, 0.5, Double.NaN, 7, 0, 1, 0, Double.NaN}, 0.0731, 0, 612, "low"));
        group.add(new CapturedPrediction(UUID.randomUUID().toString(), "request-1", 1_700_000_000_000L, "1.0.0",
                new double[]{1e-300, 120, 98, 1e6, 1e7, 100, 98, 100, 98, 30}, 0.999, 1, -20, "high",
                "[{\"feature\":\"NumberOfTimes90DaysLate\",\"code\":\"DLQ90\",\"description\":\"Überfällig\","
                        + "\"contribution\":2.25}]"));
        group.add(new CapturedPrediction("not-a-uuid", null, 1_700_000_000_001L, "2.0.0-β",
                new double[]{-0.0, 18, 1, 0, 0, 0, 0, 0, 0, 0}, 0.5, 1, 500, null));
        group.add(new CapturedPrediction(UUID.randomUUID().toString().toUpperCase(), "request-2", 1_700_000_000_001L,
                "2.0.0-β", new double[10], 0.2, 0, 640, "low", null,
                new ChallengerPrediction("3.0.0-rc", 0.31, 1, 577, "a band of the challenger's own")));

        byte[] joined = join(GroupEncoding.encode(group.subList(0, 2)), GroupEncoding.encode(group.subList(2, 4)));

        assertThat(GroupEncoding.decode(joined)).map(CaptureJournalTests::exactly)
                .isEqualTo(group.stream().map(CaptureJournalTests::exactly).toList());
    }

    /** A group written before challengers (layout 3: no challenger flag) still reads, without one. */
    @Test
    void aGroupOfTheLayoutBeforeChallengersStillReads() throws Exception {
        CapturedPrediction prediction = PredictionCaptureTests.prediction();
        byte[] current = GroupEncoding.encode(List.of(prediction));
        // the same group in layout 3: its version, and no challenger flag before the closing empty run
        byte[] before = new byte[current.length - 1];
        System.arraycopy(current, 0, before, 0, current.length - 5);
        System.arraycopy(current, current.length - 4, before, current.length - 5, 4);
        before[0] = 3;

        assertThat(GroupEncoding.decode(before)).map(CaptureJournalTests::exactly).containsExactly(exactly(prediction));
    }

    /** Every field, features bit for bit (NaN stays NaN, -0.0 stays -0.0). */
    private static String exactly(CapturedPrediction prediction) {
        return String.join("|", prediction.predictionId(), String.valueOf(prediction.requestId()),
                Long.toString(prediction.predictedAtMillis()), prediction.modelVersion(),
                Double.toString(prediction.probability()), Integer.toString(prediction.predictedClass()),
                Long.toString(prediction.creditScore()), String.valueOf(prediction.riskBand()),
                String.valueOf(prediction.reasons()), String.valueOf(prediction.challenger()))
                + java.util.Arrays.toString(java.util.Arrays.stream(prediction.features())
                        .mapToLong(Double::doubleToRawLongBits).toArray());
    }

    @Test
    void groupsAreHandedOutOldestFirstAndAgainAfterARestartUntilStored() throws Exception {
        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 4096, HOURLY)) {
            for (int i = 0; i < 30; i++) {
                append(journal, 10);
            }
            assertThat(predictionsRead(journal, 5)).isEqualTo(50);
        }
        try (CaptureJournal reopened = new CaptureJournal(directory, LIMIT, 4096, HOURLY)) {
            assertThat(reopened.setAside()).isEmpty();
            assertThat(reopened.predictions()).as("a segment is deleted only once every group in it was stored")
                    .isBetween(250L, 300L);
            long left = reopened.predictions();
            assertThat(predictionsRead(reopened, Integer.MAX_VALUE)).isEqualTo(left);
            append(reopened, 1);
            predictionsRead(reopened, Integer.MAX_VALUE);
            assertThat(segments()).as("stored segments are deleted, the one being written stays").hasSize(1);
        }
    }

    @Test
    void afterARestartOnlyTheGroupsAfterTheNotedPositionAreForwardedAgain() throws Exception {
        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, Duration.ZERO)) {
            for (int i = 0; i < 30; i++) {
                append(journal, 10);
            }
            assertThat(predictionsRead(journal, 12)).isEqualTo(120);
            journal.next();
            assertThat(journal.predictions()).isEqualTo(170);
        }
        try (CaptureJournal reopened = new CaptureJournal(directory, LIMIT, 1 << 20, Duration.ZERO)) {
            assertThat(reopened.predictions()).as("the twelve groups stored before are not forwarded again")
                    .isEqualTo(180);
        }
        Files.writeString(directory.resolve(CaptureJournal.FORWARDED_FILE), "garbage");
        try (CaptureJournal unnoted = new CaptureJournal(directory, LIMIT, 1 << 20, Duration.ZERO)) {
            assertThat(unnoted.predictions()).as("without a readable note, everything left is forwarded again")
                    .isEqualTo(300);
            assertThat(predictionsRead(unnoted, Integer.MAX_VALUE)).isEqualTo(300);
        }
    }

    @Test
    void aJournalAtItsSizeLimitRefusesAGroupUntilTheStoredSegmentsAreDeleted() throws Exception {
        try (CaptureJournal journal = new CaptureJournal(directory, 20_000, 5_000, HOURLY)) {
            int appended = 0;
            try {
                while (appended < 1_000) {
                    append(journal, 10);
                    appended++;
                }
            } catch (CaptureJournal.Full expected) {
                assertThat(appended).isBetween(5, 20);
            }
            assertThatThrownBy(() -> append(journal, 10)).isInstanceOf(CaptureJournal.Full.class);
            assertThat(journal.bytes()).isLessThanOrEqualTo(20_000);

            assertThat(predictionsRead(journal, Integer.MAX_VALUE)).isEqualTo(appended * 10L);
            append(journal, 10);
            assertThat(journal.bytes()).isLessThan(10_000);
        }
    }

    @Test
    void aJournalCutShortIsSetAsideAndItsWholeGroupsAreRecovered() throws Exception {
        writeAndClose(4, 100);
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 50);
        }

        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, HOURLY)) {
            assertThat(journal.setAside()).singleElement().satisfies(damaged -> {
                assertThat(damaged.damage()).contains("cut short");
                assertThat(damaged.groupsRecovered()).isEqualTo(3);
                assertThat(damaged.predictionsRecovered()).isEqualTo(300);
            });
            assertThat(journal.damagedFiles()).isEqualTo(1);
            assertThat(predictionsRead(journal, Integer.MAX_VALUE)).isEqualTo(300);
        }
        assertThat(Files.exists(segment.resolveSibling(segment.getFileName() + CaptureJournal.DAMAGED_SUFFIX)))
                .isTrue();
    }

    @Test
    void garbageInTheHeaderDoesNotStopTheStartAndEveryGroupIsRecovered() throws Exception {
        writeAndClose(3, 50);
        overwrite(segments().get(0), 0, new byte[]{'G', 'A', 'R', 'B', 'A', 'G', 'E', '!'});

        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, HOURLY)) {
            assertThat(journal.setAside()).singleElement().satisfies(damaged -> {
                assertThat(damaged.damage()).contains("header");
                assertThat(damaged.predictionsRecovered()).isEqualTo(150);
            });
            assertThat(predictionsRead(journal, Integer.MAX_VALUE)).isEqualTo(150);
        }
    }

    @Test
    void oneDamagedGroupIsLostAndTheGroupsAfterItAreRecovered() throws Exception {
        writeAndClose(5, 20);
        Path segment = segments().get(0);
        int secondGroup = 8 + 16 + java.nio.ByteBuffer.wrap(Files.readAllBytes(segment)).getInt(8 + 4);
        overwrite(segment, secondGroup + 20, new byte[]{1, 2, 3, 4, 5, 6, 7, 8});

        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, HOURLY)) {
            assertThat(journal.setAside()).singleElement().satisfies(damaged -> {
                assertThat(damaged.damage()).contains("unreadable group");
                assertThat(damaged.groupsRecovered()).isEqualTo(4);
                assertThat(damaged.bytesUnreadable()).isPositive();
            });
            assertThat(predictionsRead(journal, Integer.MAX_VALUE)).isEqualTo(80);
        }
    }

    @Test
    void garbageBetweenGroupsIsSkippedAndNoGroupIsLost() throws Exception {
        writeAndClose(2, 20);
        Path segment = segments().get(0);
        byte[] original = Files.readAllBytes(segment);
        byte[] garbage = new byte[1_000];
        new java.util.Random(7).nextBytes(garbage);
        int middle = 8 + 16 + java.nio.ByteBuffer.wrap(original).getInt(8 + 4);
        Files.write(segment, join(java.util.Arrays.copyOfRange(original, 0, middle), garbage,
                java.util.Arrays.copyOfRange(original, middle, original.length)));

        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, HOURLY)) {
            assertThat(journal.setAside()).singleElement().satisfies(damaged -> {
                assertThat(damaged.groupsRecovered()).isEqualTo(2);
                assertThat(damaged.bytesUnreadable()).isEqualTo(1_000);
            });
            assertThat(predictionsRead(journal, Integer.MAX_VALUE)).isEqualTo(40);
        }
    }

    @Test
    void aGroupDamagedWhileTheServiceRunsIsReportedAndTheNextOneIsRead() throws Exception {
        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, HOURLY)) {
            append(journal, 10);
            append(journal, 10);
            overwrite(segments().get(0), 40, new byte[]{9, 9, 9, 9});

            CaptureJournal.Group damaged = journal.next();
            assertThat(damaged.payload()).isNull();
            assertThat(damaged.predictions()).isEqualTo(10);
            assertThat(damaged.damage()).contains("checksum");
            assertThat(GroupEncoding.decode(journal.next().payload())).hasSize(10);
        }
    }

    /** Reads up to {@code groups} groups; the predictions they hold. */
    private static long predictionsRead(CaptureJournal journal, int groups) throws Exception {
        long predictions = 0;
        for (int i = 0; i < groups; i++) {
            CaptureJournal.Group group = journal.next();
            if (group == null) {
                break;
            }
            predictions += GroupEncoding.decode(group.payload()).size();
            journal.forwarded();
        }
        journal.forwarded();
        return predictions;
    }

    private void writeAndClose(int groups, int predictions) throws IOException {
        try (CaptureJournal journal = new CaptureJournal(directory, LIMIT, 1 << 20, HOURLY)) {
            for (int i = 0; i < groups; i++) {
                append(journal, predictions);
            }
        }
    }

    private static void append(CaptureJournal journal, int predictions) throws IOException {
        journal.append(GroupEncoding.encode(PredictionCaptureTests.predictions(predictions)), predictions);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(CaptureJournal.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(at);
            out.write(bytes);
        }
    }

    private static byte[] join(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}

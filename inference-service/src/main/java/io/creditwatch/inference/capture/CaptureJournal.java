package io.creditwatch.inference.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The local, durable hand-over between serving and the prediction store: an append-only log of
 * groups in segment files. {@link #append} writes one group (the predictions of every request
 * that waited for the same flush) and forces it to disk before it returns, so one disk flush
 * covers many requests, as PostgreSQL's group commit does; {@link #next} hands the groups to the
 * store writer oldest first, and a segment whose groups were all stored ({@link #forwarded}) is
 * deleted whole, which frees disk space without writing anything (a full disk empties itself).
 *
 * <p>A file of our own rather than SQLite: appending one checksummed entry per group costs one
 * write and one flush, reading it back costs nothing but the read, and a damaged file can be read
 * around (every entry starts with a magic number and carries a CRC-32C, so the entries after a
 * damaged one are found again). Opening scans every segment left by the last run: a segment that
 * reads cleanly is forwarded as it is; one that does not (cut short, garbage in its header or
 * between entries, an entry whose checksum fails) has its readable entries copied into the new
 * segment and is then renamed {@code *.damaged}, kept for inspection, never read again and never in
 * the way of a start.
 *
 * <p>The store writer's position is noted in a small file ({@link #FORWARDED_FILE}) about once a
 * second, when it says the groups before it are stored; at the next start the groups before it are not
 * written again. The note is only a shortcut: when it is lost or unreadable, everything is
 * forwarded again, which stores nothing twice.
 *
 * <p>One thread appends, one other thread reads; what they share is guarded by this object.
 */
final class CaptureJournal implements AutoCloseable {

    static final String SEGMENT_SUFFIX = ".journal";
    static final String DAMAGED_SUFFIX = ".damaged";
    /** Where the store writer has got to: the segment and the number of its groups known to be stored. */
    static final String FORWARDED_FILE = "forwarded";
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\" + SEGMENT_SUFFIX);
    private static final int SEGMENT_MAGIC = 0x43574A32;
    private static final int SEGMENT_HEADER = 8;
    private static final int ENTRY_MAGIC = 0x9E3779B9;
    private static final int ENTRY_HEADER = 16;
    private static final int MAX_ROWS = (1 << 24) - 1;

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final long checkpointIntervalNanos;
    /** Segments not yet handed out entirely, oldest first; the last is the one appended to. */
    private final Deque<Segment> segments = new ArrayDeque<>();
    /** Segments handed out entirely, deleted once {@link #forwarded} says their groups are stored. */
    private final List<Segment> handedOut = new ArrayList<>();
    private final List<SetAside> setAside = new ArrayList<>();
    private long nextSegmentNumber;
    private long bytes;
    private long predictions;
    private int damagedFiles;
    private Segment active;
    private FileChannel activeChannel;
    private Segment reading;
    private int readIndex;
    private long lastCheckpointNanos = System.nanoTime();

    /** A segment file and the place of each group in it. Fields guarded by the journal. */
    private static final class Segment {
        final long number;
        final Path file;
        /** Per group: its offset in the file (upper 40 bits) and its predictions (lower 24). */
        long[] entries = new long[64];
        int count;
        long end;
        boolean sealed;
        FileChannel reader;

        Segment(long number, Path file) {
            this.number = number;
            this.file = file;
        }

        void add(long offset, int rows) {
            if (count == entries.length) {
                entries = Arrays.copyOf(entries, count * 2);
            }
            entries[count++] = offset << 24 | rows;
        }

        long offset(int index) {
            return entries[index] >>> 24;
        }

        int rows(int index) {
            return (int) (entries[index] & MAX_ROWS);
        }

        long length(int index) {
            return (index + 1 < count ? offset(index + 1) : end) - offset(index);
        }
    }

    /** A group read back: its predictions' encoding, or null when the group cannot be read. */
    record Group(int predictions, byte[] payload, String damage) {
    }

    /** A segment of the last run that did not read cleanly and was renamed. */
    record SetAside(Path file, String damage, long groupsRecovered, long predictionsRecovered, long bytesUnreadable) {
    }

    /** The journal is at its size limit: a group is refused until the store writer frees a segment. */
    static final class Full extends IOException {
        Full(long bytes, long maxBytes) {
            super("the capture journal holds " + bytes + " bytes, its limit is " + maxBytes, null);
        }
    }

    /**
     * Opens the journal in {@code directory}, creating it if need be, and takes in what the last
     * run left there (see the class comment for damaged segments).
     *
     * @param maxBytes     the most the segments may hold on disk together
     * @param segmentBytes the size at which a segment is closed and a new one begun
     * @param checkpoint   how often the store writer's position is noted
     */
    CaptureJournal(Path directory, long maxBytes, long segmentBytes, java.time.Duration checkpoint) throws IOException {
        this.directory = directory;
        this.checkpointIntervalNanos = checkpoint.toNanos();
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(SEGMENT_HEADER + ENTRY_HEADER, segmentBytes);
        Files.createDirectories(directory);
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher segment = SEGMENT_NAME.matcher(name);
                if (segment.matches()) {
                    left.add(file);
                    nextSegmentNumber = Math.max(nextSegmentNumber, Long.parseLong(segment.group(1)) + 1);
                } else if (name.endsWith(DAMAGED_SUFFIX)) {
                    damagedFiles++;
                }
            }
        }
        left.sort(null);
        long[] forwarded = readCheckpoint();
        List<Scan> damaged = new ArrayList<>();
        for (Path file : left) {
            long number = Long.parseLong(SEGMENT_NAME.matcher(file.getFileName().toString()).replaceAll("$1"));
            Scan scan = Scan.of(file);
            if (number < forwarded[0]) {
                if (scan.damage == null) {
                    Files.delete(file);
                } else {
                    setAside(scan, scan.damage + "; every group in it had been stored", 0, 0);
                }
                continue;
            }
            if (scan.damage != null) {
                damaged.add(scan);
                continue;
            }
            Segment segment = new Segment(number, file);
            for (int i = 0; i < scan.offsets.size(); i++) {
                segment.add(scan.offsets.get(i), scan.rows.get(i));
            }
            segment.end = scan.size;
            segment.sealed = true;
            segments.add(segment);
            bytes += scan.size;
            int skipped = number == forwarded[0] ? (int) Math.min(forwarded[1], segment.count) : 0;
            for (int i = skipped; i < segment.count; i++) {
                predictions += segment.rows(i);
            }
            if (skipped > 0) {
                reading = segment;
                readIndex = skipped;
            }
        }
        for (Scan scan : damaged) {
            recover(scan);
        }
    }

    /** The checkpoint of the last run: {segment number, groups of it stored}; {0, 0} when there is none. */
    private long[] readCheckpoint() {
        try {
            String[] parts = Files.readString(directory.resolve(FORWARDED_FILE)).trim().split(" ");
            return new long[]{Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    /** Notes that every group before {@code index} of {@code segment} is stored; a failure only costs rewrites. */
    private void writeCheckpoint(long segment, int index) {
        Path temporary = directory.resolve(FORWARDED_FILE + ".new");
        try {
            Files.writeString(temporary, segment + " " + index + "\n");
            Files.move(temporary, directory.resolve(FORWARDED_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // a disk that refuses the note refuses appends too, which is reported; the note can wait
        }
    }

    /**
     * Copies the readable groups of a damaged segment into the journal (over its size limit if need
     * be: they were accepted once), then renames the segment. When the copy itself fails the
     * segment is renamed all the same, so that it cannot stop every later start; its groups stay
     * in the renamed file and the failure is reported with it.
     */
    private void recover(Scan scan) throws IOException {
        long recoveredGroups = 0;
        long recoveredRows = 0;
        String damage = scan.damage;
        try (FileChannel in = FileChannel.open(scan.file, StandardOpenOption.READ)) {
            for (int i = 0; i < scan.offsets.size(); i++) {
                ByteBuffer entry = ByteBuffer.allocate(ENTRY_HEADER + scan.lengths.get(i));
                readFully(in, entry, scan.offsets.get(i));
                byte[] payload = Arrays.copyOfRange(entry.array(), ENTRY_HEADER, entry.capacity());
                write(payload, scan.rows.get(i), false, false);
                recoveredGroups++;
                recoveredRows += scan.rows.get(i);
            }
            if (activeChannel != null) {
                activeChannel.force(false);
            }
        } catch (IOException e) {
            damage += "; copying its readable groups failed after " + recoveredGroups + " (" + e.getMessage()
                    + "), the rest stay in the renamed file";
        }
        setAside(scan, damage, recoveredGroups, recoveredRows);
    }

    private void setAside(Scan scan, String damage, long recoveredGroups, long recoveredRows) throws IOException {
        Path renamed = scan.file.resolveSibling(scan.file.getFileName() + DAMAGED_SUFFIX);
        Files.move(scan.file, renamed, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        damagedFiles++;
        setAside.add(new SetAside(renamed, damage, recoveredGroups, recoveredRows, scan.unreadable));
    }

    /** The damaged segments set aside while opening, with what was recovered from each. */
    List<SetAside> setAside() {
        return List.copyOf(setAside);
    }

    /** How many {@code *.damaged} segments lie in the journal's directory. */
    synchronized int damagedFiles() {
        return damagedFiles;
    }

    /** Bytes on disk in the journal's segments. */
    synchronized long bytes() {
        return bytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Predictions appended and not yet handed to the store writer: after opening, those the last run left. */
    synchronized long predictions() {
        return predictions;
    }

    /** Whether a group of {@code payloadBytes} would fit under the size limit now. */
    synchronized boolean hasRoomFor(long payloadBytes) {
        return bytes + ENTRY_HEADER + payloadBytes + SEGMENT_HEADER <= maxBytes;
    }

    /**
     * Appends one group and forces it to disk: when this returns, the group survives a crash.
     *
     * @throws Full        when the group would take the journal over its size limit
     * @throws IOException when the disk refuses (full, failing); the group is not in the journal
     */
    void append(byte[] payload, int rows) throws IOException {
        write(payload, rows, true, true);
    }

    /** Appends a group taken over from elsewhere (over the size limit if need be: it was accepted once), not yet flushed. */
    void importGroup(byte[] payload, int rows) throws IOException {
        write(payload, rows, false, false);
    }

    /** Forces what {@link #importGroup} wrote to disk. */
    void flush() throws IOException {
        if (activeChannel != null) {
            activeChannel.force(false);
        }
    }

    private void write(byte[] payload, int rows, boolean force, boolean limited) throws IOException {
        if (rows > MAX_ROWS) {
            throw new IllegalArgumentException("a journal group holds at most " + MAX_ROWS + " predictions");
        }
        long size = ENTRY_HEADER + payload.length;
        boolean roll = active == null || (active.end + size > segmentBytes && active.count > 0);
        synchronized (this) {
            if (limited && bytes + size + (roll ? SEGMENT_HEADER : 0) > maxBytes) {
                throw new Full(bytes, maxBytes);
            }
        }
        if (roll) {
            roll();
        }
        ByteBuffer header = ByteBuffer.allocate(ENTRY_HEADER);
        header.putInt(ENTRY_MAGIC).putInt(payload.length).putInt(rows).putInt(checksum(payload.length, rows, payload));
        header.flip();
        long offset = active.end;
        try {
            ByteBuffer[] entry = {header, ByteBuffer.wrap(payload)};
            long position = offset;
            while (entry[1].hasRemaining()) {
                activeChannel.position(position);
                position += activeChannel.write(entry);
            }
            if (force) {
                activeChannel.force(false);
            }
        } catch (IOException e) {
            abandonActive(offset);
            throw e;
        }
        synchronized (this) {
            active.add(offset, rows);
            active.end = offset + size;
            bytes += size;
            predictions += rows;
        }
    }

    /**
     * After a failed write the segment's tail is unknown (the failed flush may have dropped pages
     * that were written), so nothing more is appended to it: it is cut back to its last group,
     * sealed, and the next group begins a new segment.
     */
    private void abandonActive(long committedEnd) {
        try {
            activeChannel.truncate(committedEnd);
        } catch (IOException ignored) {
            // the reader stops at the last group it was told of; the tail is never read
        }
        closeQuietly(activeChannel);
        activeChannel = null;
        synchronized (this) {
            active.sealed = true;
            active = null;
        }
    }

    private void roll() throws IOException {
        synchronized (this) {
            if (active != null) {
                active.sealed = true;
            }
        }
        if (activeChannel != null) {
            activeChannel.close();
            activeChannel = null;
        }
        Path file = directory.resolve(String.format("%020d", nextSegmentNumber) + SEGMENT_SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER).putInt(SEGMENT_MAGIC)
                    .putInt(GroupEncoding.LAYOUT_VERSION);
            header.flip();
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(false);
            forceDirectory();
        } catch (IOException e) {
            closeQuietly(channel);
            Files.deleteIfExists(file);
            throw e;
        }
        Segment segment = new Segment(nextSegmentNumber++, file);
        segment.end = SEGMENT_HEADER;
        activeChannel = channel;
        synchronized (this) {
            active = segment;
            segments.add(segment);
            bytes += SEGMENT_HEADER;
        }
    }

    /**
     * The next group for the store, oldest first, or null when every group appended so far was
     * handed out. A group handed out is read again at the next start until {@link #forwarded}
     * says it is stored.
     */
    Group next() throws IOException {
        Segment segment;
        int index;
        synchronized (this) {
            while (true) {
                if (reading == null) {
                    reading = segments.peekFirst();
                    readIndex = 0;
                    if (reading == null) {
                        return null;
                    }
                }
                if (readIndex < reading.count) {
                    segment = reading;
                    index = readIndex++;
                    predictions -= segment.rows(index);
                    break;
                }
                if (!reading.sealed) {
                    return null;
                }
                segments.remove(reading);
                handedOut.add(reading);
                reading = null;
            }
        }
        long length = segment.length(index);
        int rows = segment.rows(index);
        if (segment.reader == null) {
            segment.reader = FileChannel.open(segment.file, StandardOpenOption.READ);
        }
        ByteBuffer entry = ByteBuffer.allocate((int) length);
        readFully(segment.reader, entry, segment.offset(index));
        entry.flip();
        int magic = entry.getInt();
        int payloadLength = entry.getInt();
        int storedRows = entry.getInt();
        int checksum = entry.getInt();
        if (magic != ENTRY_MAGIC || payloadLength != length - ENTRY_HEADER || storedRows != rows) {
            return new Group(rows, null, "the group's header at offset " + segment.offset(index) + " of "
                    + segment.file.getFileName() + " changed on disk");
        }
        byte[] payload = Arrays.copyOfRange(entry.array(), ENTRY_HEADER, (int) length);
        if (checksum(payloadLength, rows, payload) != checksum) {
            return new Group(rows, null, "the group at offset " + segment.offset(index) + " of "
                    + segment.file.getFileName() + " fails its checksum");
        }
        return new Group(rows, payload, null);
    }

    /**
     * Every group handed out so far is in the store: the segments they emptied are deleted, and
     * about once per checkpoint interval the position is noted for the next start.
     */
    synchronized void forwarded() throws IOException {
        for (Segment segment : handedOut) {
            closeQuietly(segment.reader);
            segment.reader = null;
            Files.deleteIfExists(segment.file);
            bytes -= segment.end;
        }
        handedOut.clear();
        long now = System.nanoTime();
        if (now - lastCheckpointNanos >= checkpointIntervalNanos) {
            lastCheckpointNanos = now;
            Segment next = reading != null ? reading : segments.peekFirst();
            if (next != null) {
                writeCheckpoint(next.number, reading != null ? readIndex : 0);
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(activeChannel);
        for (Segment segment : segments) {
            closeQuietly(segment.reader);
        }
        for (Segment segment : handedOut) {
            closeQuietly(segment.reader);
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static int checksum(int length, int rows, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putInt(length).putInt(rows).flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                throw new IOException("the journal file " + position + " ended early");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a file we only read or whose failure is already reported
            }
        }
    }

    /** What a segment left by the last run holds: its readable groups, and what damage was found. */
    private static final class Scan {
        final Path file;
        final long size;
        final List<Long> offsets = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final List<Integer> rows = new ArrayList<>();
        String damage;
        long unreadable;

        private Scan(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        static Scan of(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                Scan scan = new Scan(file, channel.size());
                MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, scan.size);
                long position;
                if (scan.size < SEGMENT_HEADER || bytes.getInt(0) != SEGMENT_MAGIC
                        || bytes.getInt(4) != GroupEncoding.LAYOUT_VERSION) {
                    scan.damage = scan.size < SEGMENT_HEADER ? "the file is shorter than its header"
                            : "its header is not a capture journal's of this layout";
                    position = 0;
                } else {
                    position = SEGMENT_HEADER;
                }
                long unreadableFrom = -1;
                while (position < scan.size) {
                    int length = entryAt(bytes, position, scan.size);
                    if (length >= 0) {
                        if (unreadableFrom >= 0) {
                            scan.unreadable += position - unreadableFrom;
                            unreadableFrom = -1;
                        }
                        scan.offsets.add(position);
                        scan.lengths.add(length);
                        scan.rows.add(bytes.getInt((int) position + 8));
                        position += ENTRY_HEADER + length;
                    } else {
                        if (scan.damage == null) {
                            scan.damage = endsWithin(bytes, position, scan.size)
                                    ? "it ends in the middle of a group (cut short at " + scan.size + " bytes)"
                                    : "an unreadable group at offset " + position;
                        }
                        if (unreadableFrom < 0) {
                            unreadableFrom = position;
                        }
                        position++;
                    }
                }
                if (unreadableFrom >= 0) {
                    scan.unreadable += scan.size - unreadableFrom;
                }
                return scan;
            }
        }

        /** Whether the file ends inside what starts at {@code position} as an entry: it was cut short there. */
        private static boolean endsWithin(MappedByteBuffer bytes, long position, long size) {
            return position + ENTRY_HEADER > size || (bytes.getInt((int) position) == ENTRY_MAGIC
                    && position + ENTRY_HEADER + bytes.getInt((int) position + 4) > size);
        }

        /** The payload length of a sound entry at {@code position}, or -1. */
        private static int entryAt(MappedByteBuffer bytes, long position, long size) {
            if (position + ENTRY_HEADER > size || bytes.getInt((int) position) != ENTRY_MAGIC) {
                return -1;
            }
            int length = bytes.getInt((int) position + 4);
            int rows = bytes.getInt((int) position + 8);
            if (length < 0 || rows < 0 || rows > MAX_ROWS || position + ENTRY_HEADER + length > size) {
                return -1;
            }
            byte[] payload = new byte[length];
            bytes.get((int) position + ENTRY_HEADER, payload);
            return checksum(length, rows, payload) == bytes.getInt((int) position + 12) ? length : -1;
        }
    }
}

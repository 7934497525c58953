package io.creditwatch.metrics.monitoring;

import java.util.TreeMap;

/**
 * Where the next read of a table starts, such that a row committed late is still read. Positions
 * ({@code seq}) are handed out when a row is inserted, not when it is committed: with several
 * writers on PostgreSQL, a row with a lower position can become visible after rows above it were
 * read. So every position skipped between rows read is kept as an open gap, the next read starts
 * from the lowest open gap, and a row found there is taken (a re-read row is not). A gap closes
 * when its row arrives, or after {@code patienceMillis}: a position can stay empty for good (a
 * rolled-back insert, or one skipped by {@code ON CONFLICT DO NOTHING}). Not thread-safe.
 */
final class SeqCursor {

    /** At most this many open gaps are remembered; past it the oldest are given up. */
    static final int MAX_OPEN_GAPS = 100_000;

    private final long patienceMillis;
    private final TreeMap<Long, Long> openGaps = new TreeMap<>();
    private long highest;

    SeqCursor(long start, long patienceMillis) {
        this.highest = start;
        this.patienceMillis = patienceMillis;
    }

    /** Read rows with positions above this. */
    long readAfter() {
        return openGaps.isEmpty() ? highest : Math.min(highest, openGaps.firstKey() - 1);
    }

    /** Whether a row read at {@code seq} is new; gaps it leaves open are remembered from {@code nowMillis}. */
    boolean accept(long seq, long nowMillis) {
        if (seq <= highest) {
            return openGaps.remove(seq) != null;
        }
        for (long skipped = Math.max(highest + 1, seq - MAX_OPEN_GAPS); skipped < seq; skipped++) {
            openGaps.put(skipped, nowMillis);
        }
        while (openGaps.size() > MAX_OPEN_GAPS) {
            openGaps.pollFirstEntry();
        }
        highest = seq;
        return true;
    }

    /** Gives up the gaps open for longer than the patience. */
    void expire(long nowMillis) {
        openGaps.values().removeIf(noticed -> nowMillis - noticed > patienceMillis);
    }

    int openGaps() {
        return openGaps.size();
    }
}

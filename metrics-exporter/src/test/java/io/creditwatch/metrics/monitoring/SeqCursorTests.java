package io.creditwatch.metrics.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeqCursorTests {

    @Test
    void aRowCommittedLateInAGapIsTakenOnceAndReReadRowsAreNot() {
        SeqCursor cursor = new SeqCursor(10, 60_000);
        assertThat(cursor.readAfter()).isEqualTo(10);

        assertThat(cursor.accept(11, 0)).isTrue();
        assertThat(cursor.accept(14, 0)).as("12 and 13 are not visible yet").isTrue();
        assertThat(cursor.openGaps()).isEqualTo(2);
        assertThat(cursor.readAfter()).as("the next read starts below the lowest gap").isEqualTo(11);

        assertThat(cursor.accept(13, 1_000)).as("committed late").isTrue();
        assertThat(cursor.accept(14, 1_000)).as("read again").isFalse();
        assertThat(cursor.accept(13, 1_000)).isFalse();
        assertThat(cursor.readAfter()).isEqualTo(11);
    }

    @Test
    void aGapThatStaysEmptyIsGivenUpAfterThePatience() {
        SeqCursor cursor = new SeqCursor(0, 60_000);
        cursor.accept(1, 0);
        cursor.accept(5, 0);

        cursor.expire(60_000);
        assertThat(cursor.openGaps()).isEqualTo(3);
        cursor.expire(60_001);
        assertThat(cursor.openGaps()).isZero();
        assertThat(cursor.readAfter()).isEqualTo(5);
        assertThat(cursor.accept(3, 70_000)).as("too late: taken as empty").isFalse();
    }

    @Test
    void openGapsAreBounded() {
        SeqCursor cursor = new SeqCursor(0, 60_000);
        cursor.accept(10_000_000, 0);

        assertThat(cursor.openGaps()).isEqualTo(SeqCursor.MAX_OPEN_GAPS);
    }
}

package io.creditwatch.model.outcome;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The maturity rules on their boundary days; the window of an application made on 2024-03-15 ends on 2026-03-15. */
class PerformanceWindowTests {

    private static final PerformanceWindow WINDOW = PerformanceWindow.STANDARD;
    private static final LocalDate APPLIED = LocalDate.of(2024, 3, 15);

    @Test
    void aDefaultWithinTheWindowIsAMatureDefaultUpToItsLastDay() {
        assertThat(WINDOW.end(APPLIED)).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(WINDOW.classify(APPLIED, 1, APPLIED)).isEqualTo(Maturity.DEFAULT);
        assertThat(WINDOW.classify(APPLIED, 1, LocalDate.of(2024, 9, 1))).isEqualTo(Maturity.DEFAULT);
        assertThat(WINDOW.classify(APPLIED, 1, LocalDate.of(2026, 3, 15))).isEqualTo(Maturity.DEFAULT);
    }

    @Test
    void aDefaultAfterTheWindowIsAMaturePerformingOutcome() {
        assertThat(WINDOW.classify(APPLIED, 1, LocalDate.of(2026, 3, 16))).isEqualTo(Maturity.PERFORMING);
        assertThat(Maturity.PERFORMING.label()).isZero();
    }

    @Test
    void performingIsCensoredInsideTheWindowAndMatureFromItsLastDayOn() {
        assertThat(WINDOW.classify(APPLIED, 0, LocalDate.of(2024, 9, 1))).isEqualTo(Maturity.PERFORMING_SO_FAR);
        assertThat(WINDOW.classify(APPLIED, 0, LocalDate.of(2026, 3, 14))).isEqualTo(Maturity.PERFORMING_SO_FAR);
        assertThat(WINDOW.classify(APPLIED, 0, LocalDate.of(2026, 3, 15))).isEqualTo(Maturity.PERFORMING);
        assertThat(WINDOW.classify(APPLIED, 0, LocalDate.of(2027, 1, 1))).isEqualTo(Maturity.PERFORMING);
        assertThat(Maturity.PERFORMING_SO_FAR.isFinal()).isFalse();
        assertThatThrownBy(Maturity.PERFORMING_SO_FAR::label).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUndatedOutcomeIsFinalAsGiven() {
        assertThat(WINDOW.classify(APPLIED, 1, null)).isEqualTo(Maturity.DEFAULT);
        assertThat(WINDOW.classify(APPLIED, 0, null)).isEqualTo(Maturity.PERFORMING);
        assertThatThrownBy(() -> WINDOW.classify(APPLIED, 2, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsEndOnTheSameDayOfTheMonthOrTheMonthsLastDay() {
        assertThat(WINDOW.end(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(new PerformanceWindow(12).end(LocalDate.of(2025, 1, 31))).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(WINDOW.isComplete(APPLIED, LocalDate.of(2026, 3, 14))).isFalse();
        assertThat(WINDOW.isComplete(APPLIED, LocalDate.of(2026, 3, 15))).isTrue();
        assertThatThrownBy(() -> new PerformanceWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMonthOnBookOfADefaultIsTheFirstWholeMonthItFallsBy() {
        assertThat(PerformanceWindow.monthOnBook(APPLIED, APPLIED)).isZero();
        assertThat(PerformanceWindow.monthOnBook(APPLIED, LocalDate.of(2024, 3, 16))).isOne();
        assertThat(PerformanceWindow.monthOnBook(APPLIED, LocalDate.of(2024, 4, 15))).isOne();
        assertThat(PerformanceWindow.monthOnBook(APPLIED, LocalDate.of(2024, 4, 16))).isEqualTo(2);
        assertThat(PerformanceWindow.monthOnBook(APPLIED, LocalDate.of(2026, 3, 15))).isEqualTo(24);
    }

    @Test
    void monthsOnBookCountWholeMonthsThenTheDaysOfTheNext() {
        assertThat(PerformanceWindow.monthsOnBook(APPLIED, APPLIED.minusDays(3))).isZero();
        assertThat(PerformanceWindow.monthsOnBook(APPLIED, LocalDate.of(2024, 5, 15))).isEqualTo(2);
        // 2024-05-15 to 2024-06-15 has 31 days, 10 of them gone by 2024-05-25
        assertThat(PerformanceWindow.monthsOnBook(APPLIED, LocalDate.of(2024, 5, 25))).isCloseTo(2 + 10 / 31.0,
                within(1e-12));
    }
}

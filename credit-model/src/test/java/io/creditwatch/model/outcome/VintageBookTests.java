package io.creditwatch.model.outcome;

import io.creditwatch.model.stats.TrafficLight;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A small book computed by hand (each figure's arithmetic is in the comments). */
class VintageBookTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    /** A straight seasoning line, S(m) = m / 24, so that the expected counts are easy to check. */
    private static final SeasoningCurve LINE = line();

    private static SeasoningCurve line() {
        List<Double> shares = new ArrayList<>();
        for (int m = 0; m <= 24; m++) {
            shares.add(m / 24.0);
        }
        return new SeasoningCurve(shares, "test");
    }

    private static VintageBook book() {
        VintageBook book = new VintageBook(PerformanceWindow.STANDARD, 36);
        book.advanceTo(TODAY);
        LocalDate jan10 = LocalDate.of(2026, 1, 10);
        book.addPrediction(jan10, 0.1);
        book.addPrediction(jan10, 0.3);
        book.addPrediction(LocalDate.of(2026, 1, 20), 0.2);
        book.addPrediction(LocalDate.of(2026, 1, 31), 0.4);
        // seq 1: defaulted on 2026-04-09, by month on book 3 (2026-04-10)
        book.addOutcome(1, jan10, Maturity.DEFAULT, LocalDate.of(2026, 4, 9));
        // seq 2: performing so far, then a default on 2026-06-01, by month on book 5
        book.addOutcome(2, jan10, Maturity.PERFORMING_SO_FAR, LocalDate.of(2026, 5, 1));
        book.addOutcome(2, jan10, Maturity.DEFAULT, LocalDate.of(2026, 6, 1));
        // seq 3: two statuses, performing so far, one censored outcome
        book.addOutcome(3, LocalDate.of(2026, 1, 20), Maturity.PERFORMING_SO_FAR, LocalDate.of(2026, 3, 1));
        book.addOutcome(3, LocalDate.of(2026, 1, 20), Maturity.PERFORMING_SO_FAR, LocalDate.of(2026, 5, 1));
        // a second final outcome of seq 1 is ignored
        book.addOutcome(1, jan10, Maturity.PERFORMING, null);
        // a complete cohort: 2024-03, every window ended by 2026-03-31
        LocalDate march5 = LocalDate.of(2024, 3, 5);
        book.addPrediction(march5, 0.05);
        book.addPrediction(march5, 0.15);
        book.addOutcome(7, march5, Maturity.DEFAULT, LocalDate.of(2024, 10, 1));
        book.addOutcome(8, march5, Maturity.PERFORMING, LocalDate.of(2026, 3, 5));
        // older than the 36 newest months: not kept
        book.addPrediction(LocalDate.of(2023, 6, 1), 0.5);
        return book;
    }

    @Test
    void aYoungCohortsFiguresToDate() {
        VintageBook.Vintage january = book().report(TODAY, LINE, TrafficLight.Levels.CONVENTIONAL).get(1);

        assertThat(january.cohort()).isEqualTo(YearMonth.of(2026, 1));
        assertThat(january.applications()).isEqualTo(4);
        assertThat(january.meanPd()).isCloseTo(0.25, within(1e-12));
        // 2026-01-31 + 4 months = 2026-05-31 <= 2026-06-15 < 2026-06-30
        assertThat(january.monthsOnBook()).isEqualTo(4);
        assertThat(january.complete()).isFalse();
        assertThat(january.defaults()).isEqualTo(2);
        assertThat(january.observedRate()).isEqualTo(Map.of(3, 0.25));
        assertThat(january.expectedRate()).containsOnlyKeys(3, 6, 12, 18, 24);
        assertThat(january.expectedRate().get(12)).isCloseTo(0.125, within(1e-12));
        // ages 5 + 5/30, 4 + 26/31 and 4 + 15/30 months: (0.4 * 5.1667 + 0.2 * 4.8387 + 0.4 * 4.5) / 24
        assertThat(january.expectedDefaults()).isCloseTo(0.20143369175627243, within(1e-12));
        assertThat(january.matureShare()).isEqualTo(0.5);
        assertThat(january.censoredShare()).isEqualTo(0.25);
        assertThat(january.noOutcomeShare()).isEqualTo(0.25);
        // P(X >= 2), X ~ Binomial(4, 0.201434 / 4): SciPy 1.17, scipy.stats.binom.sf(1, 4, 0.0503584)
        assertThat(january.earlyDefaults().pValue()).isCloseTo(0.01421345810344878, within(1e-12));
        assertThat(january.earlyDefaults().light()).isEqualTo(TrafficLight.YELLOW);
    }

    @Test
    void aCompleteCohortHasNoEarlyDefaultTestAndFeedsTheSeasoningEvidence() {
        VintageBook book = book();
        List<VintageBook.Vintage> vintages = book.report(TODAY, LINE, TrafficLight.Levels.CONVENTIONAL);

        assertThat(vintages).extracting(VintageBook.Vintage::cohort)
                .containsExactly(YearMonth.of(2024, 3), YearMonth.of(2026, 1));
        VintageBook.Vintage march = vintages.get(0);
        assertThat(march.complete()).isTrue();
        assertThat(march.earlyDefaults()).isNull();
        assertThat(march.observedRate()).isEqualTo(Map.of(3, 0.0, 6, 0.0, 12, 0.5, 18, 0.5, 24, 0.5));
        assertThat(march.matureShare()).isEqualTo(1);
        long[] evidence = book.completeDefaultsByMonth(TODAY);
        assertThat(evidence[7]).isOne();
        assertThat(java.util.Arrays.stream(evidence).sum()).isOne();
    }

    @Test
    void advancingDropsCohortsOlderThanTheBookKeeps() {
        VintageBook book = book();

        book.advanceTo(LocalDate.of(2027, 3, 1));

        assertThat(book.report(LocalDate.of(2027, 3, 1), LINE, TrafficLight.Levels.CONVENTIONAL))
                .extracting(VintageBook.Vintage::cohort).containsExactly(YearMonth.of(2026, 1));
    }

    @Test
    void theEarlyDefaultTestIsTheUpperBinomialTail() {
        // SciPy 1.17: scipy.stats.binom.sf(d - 1, n, p)
        assertThat(VintageBook.EarlyDefaults.test(1000, 30, 20, TrafficLight.Levels.CONVENTIONAL).pValue())
                .isCloseTo(0.02069651867323949, within(1e-12));
        assertThat(VintageBook.EarlyDefaults.test(2000, 80, 50, TrafficLight.Levels.CONVENTIONAL).pValue())
                .isCloseTo(4.4781838851467506e-05, within(1e-15));
        assertThat(VintageBook.EarlyDefaults.test(2000, 80, 50, TrafficLight.Levels.CONVENTIONAL).light())
                .isEqualTo(TrafficLight.RED);
        assertThat(VintageBook.EarlyDefaults.test(800, 0, 8, TrafficLight.Levels.CONVENTIONAL).pValue()).isEqualTo(1);
        assertThat(VintageBook.EarlyDefaults.test(800, 1, 0, TrafficLight.Levels.CONVENTIONAL).pValue())
                .as("a default where the seasoning curve expects none yet").isZero();
    }
}

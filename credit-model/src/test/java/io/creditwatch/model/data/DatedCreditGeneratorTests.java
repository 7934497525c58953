package io.creditwatch.model.data;

import io.creditwatch.model.outcome.Maturity;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DatedCreditGeneratorTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 17);
    private static final int MONTHS = 36;
    private static final int ROWS = 300_000;
    private static final SeasoningCurve STANDARD = SeasoningCurve.standard(24);
    private static List<DatedCreditRecord> records;

    @BeforeAll
    static void generate() {
        records = new DatedCreditGenerator(42, TODAY, MONTHS, STANDARD).generate(ROWS);
    }

    @Test
    void applicationsFallInTheCohortsUpToTodayAndOutcomesBetweenTheApplicationAndToday() {
        LocalDate first = YearMonth.from(TODAY).minusMonths(MONTHS - 1).atDay(1);
        for (DatedCreditRecord dated : records) {
            assertThat(dated.applicationDate()).isBetween(first, TODAY);
            assertThat(dated.outcomeDate()).isBetween(dated.applicationDate(), TODAY);
            if (dated.record().label() == 0) {
                assertThat(dated.outcomeDate()).as("performing is observed today").isEqualTo(TODAY);
            } else {
                assertThat(dated.outcomeDate()).as("a default is within the window")
                        .isBeforeOrEqualTo(PerformanceWindow.STANDARD.end(dated.applicationDate()));
            }
        }
    }

    /** Each of the 36 cohorts holds a binomial(300,000, 1/36) count: within 5 standard deviations of 8,333. */
    @Test
    void cohortsAreEvenlyFilled() {
        TreeMap<YearMonth, Integer> cohorts = new TreeMap<>();
        for (DatedCreditRecord dated : records) {
            cohorts.merge(YearMonth.from(dated.applicationDate()), 1, Integer::sum);
        }
        double expected = (double) ROWS / MONTHS;
        double sd = Math.sqrt(ROWS * (1.0 / MONTHS) * (1 - 1.0 / MONTHS));
        assertThat(cohorts).hasSize(MONTHS);
        assertThat(cohorts.firstKey()).isEqualTo(YearMonth.of(2023, 12));
        assertThat(cohorts.lastKey()).isEqualTo(YearMonth.of(2026, 11));
        assertThat(cohorts.values()).allSatisfy(count -> assertThat(Math.abs(count - expected)).isLessThan(5 * sd));
    }

    @Test
    void sameSeedSameRowsAndTheApplicantsOfTheUndatedGenerator() {
        List<DatedCreditRecord> again = new DatedCreditGenerator(42, TODAY, MONTHS, STANDARD).generate(1000);
        List<CreditRecord> undated = new SyntheticCreditGenerator(42).generate(1000);

        for (int i = 0; i < 1000; i++) {
            assertThat(again.get(i).applicationDate()).isEqualTo(records.get(i).applicationDate());
            assertThat(again.get(i).outcomeDate()).isEqualTo(records.get(i).outcomeDate());
            assertThat(again.get(i).record().label()).isEqualTo(records.get(i).record().label());
            assertThat(again.get(i).record().features()).containsExactly(undated.get(i).features());
        }
        assertThat(new DatedCreditGenerator(43, TODAY, MONTHS, STANDARD).next().applicationDate())
                .isNotEqualTo(records.get(0).applicationDate());
    }

    /**
     * In cohorts whose window has ended every window default is in the file, so their months on book
     * are a sample of the curve: at each whole month m, the share with PerformanceWindow.monthOnBook at
     * most m is the curve's share S(m) (a default day is rounded up to whole days, which keeps its
     * month), within the Dvoretzky-Kiefer-Wolfowitz bound sqrt(ln(2/0.001) / 2n) at 99.9%.
     */
    @Test
    void defaultsOfCompleteCohortsFollowTheSeasoningCurve() {
        assertFollowsCurve(records, STANDARD);

        List<Double> late = new ArrayList<>();
        for (int m = 0; m <= 12; m++) {
            late.add(m < 6 ? 0.0 : (m - 5) / 7.0);
        }
        SeasoningCurve lateCurve = new SeasoningCurve(late, "test");
        List<DatedCreditRecord> other = new DatedCreditGenerator(7, TODAY, 24, lateCurve).generate(200_000);
        assertFollowsCurve(other, lateCurve);
        assertThat(other).filteredOn(dated -> dated.record().label() == 1)
                .allSatisfy(
                        dated -> assertThat(PerformanceWindow.monthOnBook(dated.applicationDate(), dated.outcomeDate()))
                                .isBetween(6, 12));
    }

    private static void assertFollowsCurve(List<DatedCreditRecord> sample, SeasoningCurve curve) {
        PerformanceWindow window = new PerformanceWindow(curve.windowMonths());
        long[] byMonth = new long[curve.windowMonths() + 1];
        long n = 0;
        for (DatedCreditRecord dated : sample) {
            if (dated.record().label() == 1 && window.isComplete(dated.applicationDate(), TODAY)) {
                byMonth[PerformanceWindow.monthOnBook(dated.applicationDate(), dated.outcomeDate())]++;
                n++;
            }
        }
        double bound = Math.sqrt(Math.log(2 / 0.001) / (2 * n));
        assertThat(n).isGreaterThan(2000);
        long cumulative = 0;
        for (int m = 0; m <= curve.windowMonths(); m++) {
            cumulative += byMonth[m];
            assertThat((double) cumulative / n).as("month %d of %d defaults", m, n)
                    .isCloseTo(curve.cumulativeShare().get(m), within(bound));
        }
    }

    /**
     * A default drawn after today has not happened: its row is performing, observed today, and inside
     * its window (censored). The applicants are the undated generator's, so a changed label can be seen.
     */
    @Test
    void defaultsAfterTodayArePerformingSoFar() {
        List<CreditRecord> undated = new SyntheticCreditGenerator(42).generate(ROWS);
        long censoredDefaults = 0;
        for (int i = 0; i < ROWS; i++) {
            DatedCreditRecord dated = records.get(i);
            int drawn = undated.get(i).label();
            Maturity maturity = PerformanceWindow.STANDARD.classify(dated.applicationDate(), dated.record().label(),
                    dated.outcomeDate());
            if (drawn == 0) {
                assertThat(dated.record().label()).isZero();
            } else if (dated.record().label() == 0) {
                censoredDefaults++;
                assertThat(dated.outcomeDate()).isEqualTo(TODAY);
                assertThat(maturity).isEqualTo(Maturity.PERFORMING_SO_FAR);
            } else {
                assertThat(maturity).isEqualTo(Maturity.DEFAULT);
            }
            boolean complete = PerformanceWindow.STANDARD.isComplete(dated.applicationDate(), TODAY);
            if (dated.record().label() == 0) {
                assertThat(maturity).isEqualTo(complete ? Maturity.PERFORMING : Maturity.PERFORMING_SO_FAR);
            }
        }
        assertThat(censoredDefaults).as("young cohorts have defaults still to come").isGreaterThan(1000);
    }

    /** A fraction of a month is rounded up to whole days: the default keeps the month on book it was drawn in, even from the 31st. */
    @Test
    void aDefaultDayKeepsItsMonthOnBook() {
        SplittableRandom random = new SplittableRandom(3);
        for (LocalDate applied : List.of(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29),
                LocalDate.of(2025, 6, 15))) {
            for (int i = 0; i < 2000; i++) {
                double monthsOnBook = random.nextDouble() * 24;
                LocalDate day = DatedCreditGenerator.defaultDate(applied, monthsOnBook);
                assertThat(PerformanceWindow.monthOnBook(applied, day)).as("%s + %s months", applied, monthsOnBook)
                        .isEqualTo((int) Math.ceil(monthsOnBook));
            }
            assertThat(DatedCreditGenerator.defaultDate(applied, 24))
                    .isEqualTo(PerformanceWindow.STANDARD.end(applied));
        }
    }
}

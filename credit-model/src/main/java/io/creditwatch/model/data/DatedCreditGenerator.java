package io.creditwatch.model.data;

import io.creditwatch.model.outcome.SeasoningCurve;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic credit data as a lender's history holds it on {@code today}: applications spread evenly
 * at random over the {@code months} monthly cohorts ending with today's month (never after today),
 * each with the day its outcome was observed.
 *
 * <p>The applicants and their window outcomes are those of {@link SyntheticCreditGenerator} with the
 * same seed; dates come from a stream of their own. A window default happens at a month on book
 * drawn from the seasoning curve ({@link SeasoningCurve#monthsOnBookAt}), its fraction of a month
 * rounded up to a whole day, so that its {@code PerformanceWindow.monthOnBook} is the drawn month's
 * ceiling and the day stays within the window. A default that would happen after today has not
 * happened yet: the row is performing, observed today. Every performing row is observed today, which
 * is at or after the window's end for complete cohorts and inside it for young ones.
 */
public final class DatedCreditGenerator {

    private final SyntheticCreditGenerator applicants;
    private final SplittableRandom dates;
    private final LocalDate today;
    private final YearMonth oldestCohort;
    private final int months;
    private final SeasoningCurve curve;

    /**
     * @param months the number of monthly cohorts, today's month the newest
     * @param curve  when window defaults happen; its months are the performance window
     */
    public DatedCreditGenerator(long seed, LocalDate today, int months, SeasoningCurve curve) {
        if (months < 1) {
            throw new IllegalArgumentException("the applications span at least one month, not " + months);
        }
        this.applicants = new SyntheticCreditGenerator(seed);
        this.dates = new SplittableRandom(seed).split();
        this.today = today;
        this.oldestCohort = YearMonth.from(today).minusMonths(months - 1L);
        this.months = months;
        this.curve = curve;
    }

    public List<DatedCreditRecord> generate(int rows) {
        List<DatedCreditRecord> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            records.add(next());
        }
        return records;
    }

    public DatedCreditRecord next() {
        CreditRecord applicant = applicants.next();
        LocalDate applied = applicationDate();
        if (applicant.label() == 1) {
            LocalDate defaulted = defaultDate(applied, curve.monthsOnBookAt(dates.nextDouble()));
            if (!defaulted.isAfter(today)) {
                return new DatedCreditRecord(applicant, applied, defaulted);
            }
            return new DatedCreditRecord(new CreditRecord(applicant.features(), 0), applied, today);
        }
        return new DatedCreditRecord(applicant, applied, today);
    }

    private LocalDate applicationDate() {
        YearMonth cohort = oldestCohort.plusMonths(dates.nextInt(months));
        int lastDay = cohort.equals(YearMonth.from(today)) ? today.getDayOfMonth() : cohort.lengthOfMonth();
        return cohort.atDay(1 + dates.nextInt(lastDay));
    }

    /** The day {@code monthsOnBook} after {@code applied}: whole calendar months, then the fraction of the next one, in days rounded up. */
    public static LocalDate defaultDate(LocalDate applied, double monthsOnBook) {
        int whole = (int) monthsOnBook;
        LocalDate from = applied.plusMonths(whole);
        long span = ChronoUnit.DAYS.between(from, applied.plusMonths(whole + 1L));
        return from.plusDays((long) Math.ceil((monthsOnBook - whole) * span));
    }
}

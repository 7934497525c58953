package io.creditwatch.model.outcome;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The outcome definition of a credit model: a default is 90 or more days past due within
 * {@code months} of the application ({@code SeriousDlqin2yrs}: 24 months). All its rules work on
 * UTC calendar days, as days past due are counted: the window of an application made on day
 * {@code A} ends on {@code A + months} (calendar months, clamped to the month's last day).
 *
 * <ul>
 *   <li>a default observed on or before the window's end is a mature default;</li>
 *   <li>a default observed after it is a mature performing outcome (for this definition);</li>
 *   <li>performing observed on or after the window's end is a mature performing outcome;</li>
 *   <li>performing observed before it is "performing so far" (censored);</li>
 *   <li>an outcome without a date is final as given.</li>
 * </ul>
 */
public record PerformanceWindow(int months) {

    /** The window of {@code SeriousDlqin2yrs}, and of a bundle whose card names none. */
    public static final int STANDARD_MONTHS = 24;
    public static final PerformanceWindow STANDARD = new PerformanceWindow(STANDARD_MONTHS);

    public PerformanceWindow {
        if (months < 1 || months > 120) {
            throw new IllegalArgumentException("a performance window is 1 to 120 months, not " + months);
        }
    }

    /** The last day of the window of an application made on {@code applied}. */
    public LocalDate end(LocalDate applied) {
        return applied.plusMonths(months);
    }

    /** Whether the window of an application made on {@code applied} has ended by {@code today}. */
    public boolean isComplete(LocalDate applied, LocalDate today) {
        return !today.isBefore(end(applied));
    }

    /**
     * The maturity of an outcome: {@code actual} 1 (defaulted on {@code observed}) or 0 (still
     * performing on {@code observed}); {@code observed} null means the outcome is final as given.
     */
    public Maturity classify(LocalDate applied, int actual, LocalDate observed) {
        if (actual != 0 && actual != 1) {
            throw new IllegalArgumentException("an outcome is 0 or 1, not " + actual);
        }
        if (observed == null) {
            return actual == 1 ? Maturity.DEFAULT : Maturity.PERFORMING;
        }
        boolean withinWindow = !observed.isAfter(end(applied));
        if (actual == 1) {
            return withinWindow ? Maturity.DEFAULT : Maturity.PERFORMING;
        }
        return isComplete(applied, observed) ? Maturity.PERFORMING : Maturity.PERFORMING_SO_FAR;
    }

    /**
     * The month on book by which a default observed on {@code observed} has happened: the smallest
     * whole {@code m} with {@code observed <= applied + m months} (0 for the application day itself).
     */
    public static int monthOnBook(LocalDate applied, LocalDate observed) {
        int months = (int) ChronoUnit.MONTHS.between(applied, observed);
        return applied.plusMonths(months).isBefore(observed) ? months + 1 : months;
    }

    /**
     * Months on book from {@code applied} to {@code today} as a fraction: whole calendar months, then
     * the remaining days over the length of the month they fall in; 0 when {@code today} is earlier.
     */
    public static double monthsOnBook(LocalDate applied, LocalDate today) {
        if (!today.isAfter(applied)) {
            return 0;
        }
        long whole = ChronoUnit.MONTHS.between(applied, today);
        LocalDate from = applied.plusMonths(whole);
        LocalDate to = applied.plusMonths(whole + 1);
        return whole + (double) ChronoUnit.DAYS.between(from, today) / ChronoUnit.DAYS.between(from, to);
    }

    /** The UTC calendar day of an instant given in epoch milliseconds. */
    public static LocalDate utcDate(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}

package io.creditwatch.model.outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The seasoning curve: the share of a cohort's window defaults that have happened by each whole
 * month on book, {@code cumulativeShare.get(m)} for {@code m = 0 .. window months} (non-decreasing,
 * ending at 1). Between whole months it is interpolated linearly. It turns a cohort's PDs (defaults
 * expected by the window's end) into the defaults expected by its age today.
 *
 * @param source where the curve came from: {@code standard} (our documented default), a file
 *               given to {@code train} or {@code import}, or {@code store} (estimated from mature
 *               cohorts)
 */
public record SeasoningCurve(List<Double> cumulativeShare, String source) {

    public static final String STANDARD_SOURCE = "standard";
    /** Ninety days past due cannot be reached before the third month on book. */
    static final int FIRST_DEFAULT_MONTH = 3;
    /** Shape and scale, in months, of the gamma-shaped density of {@link #standard}. */
    static final double STANDARD_SHAPE = 2.5;
    static final double STANDARD_SCALE = 4.0;

    public SeasoningCurve {
        cumulativeShare = List.copyOf(cumulativeShare);
        if (cumulativeShare.size() < 2) {
            throw new IllegalArgumentException(
                    "a seasoning curve gives a share for each month from 0 to the window's end");
        }
        double previous = 0;
        for (int m = 0; m < cumulativeShare.size(); m++) {
            double share = cumulativeShare.get(m);
            if (!(share >= previous - 1e-12 && share <= 1 + 1e-12)) {
                throw new IllegalArgumentException("a seasoning curve's shares rise from 0 to 1; month " + m
                        + " has " + share + " after " + previous);
            }
            previous = share;
        }
        if (Math.abs(previous - 1) > 1e-6) {
            throw new IllegalArgumentException("a seasoning curve ends at 1 (all window defaults), not " + previous);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a seasoning curve names its source");
        }
    }

    /** The months on book it covers: the performance window. */
    public int windowMonths() {
        return cumulativeShare.size() - 1;
    }

    /** The share of window defaults that happen by {@code monthsOnBook} (linear between whole months, 1 past the end). */
    public double shareBy(double monthsOnBook) {
        if (!(monthsOnBook > 0)) {
            return cumulativeShare.get(0);
        }
        int window = windowMonths();
        if (monthsOnBook >= window) {
            return 1;
        }
        int below = (int) monthsOnBook;
        double fraction = monthsOnBook - below;
        return cumulativeShare.get(below) + fraction * (cumulativeShare.get(below + 1) - cumulativeShare.get(below));
    }

    /**
     * The documented default when neither the card nor the store gives a curve. It is an assumption
     * of shape, not an estimate from real data: no default before month 3 (ninety days past due
     * cannot be reached earlier), then defaults spread by a gamma density of shape 2.5 and scale
     * 4 months from month 3 on (most likely around month 9, 55% of them by month 12 of a 24-month
     * window), truncated to the window. Replace it with the lender's own curve ({@code --seasoning}),
     * or let the exporter estimate it once the store holds enough mature cohorts.
     */
    public static SeasoningCurve standard(int windowMonths) {
        double[] density = new double[windowMonths + 1];
        double total = 0;
        for (int m = 1; m <= windowMonths; m++) {
            density[m] = gammaMass(m - 1 - FIRST_DEFAULT_MONTH, m - FIRST_DEFAULT_MONTH);
            total += density[m];
        }
        List<Double> shares = new ArrayList<>(windowMonths + 1);
        double cumulative = 0;
        shares.add(0.0);
        for (int m = 1; m <= windowMonths; m++) {
            cumulative += density[m];
            shares.add(m == windowMonths ? 1.0 : cumulative / total);
        }
        return new SeasoningCurve(shares, STANDARD_SOURCE);
    }

    /** The gamma density's mass over months {@code (from, to]} after month 3, by Simpson's rule on 8 panels. */
    private static double gammaMass(double from, double to) {
        double lower = Math.max(0, from);
        if (to <= lower) {
            return 0;
        }
        int panels = 8;
        double h = (to - lower) / panels;
        double sum = gammaDensity(lower) + gammaDensity(to);
        for (int i = 1; i < panels; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * gammaDensity(lower + i * h);
        }
        return sum * h / 3;
    }

    private static double gammaDensity(double x) {
        return x <= 0 ? 0 : Math.pow(x, STANDARD_SHAPE - 1) * Math.exp(-x / STANDARD_SCALE);
    }

    /**
     * The curve of observed defaults: {@code defaultsByMonth[m]} defaults happened in month on book
     * {@code m} ({@link PerformanceWindow#monthOnBook}) of complete cohorts; null when there are none.
     */
    public static SeasoningCurve estimate(long[] defaultsByMonth, String source) {
        long total = 0;
        for (long count : defaultsByMonth) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        List<Double> shares = new ArrayList<>(defaultsByMonth.length);
        long cumulative = 0;
        for (int m = 0; m < defaultsByMonth.length; m++) {
            cumulative += defaultsByMonth[m];
            shares.add(m == defaultsByMonth.length - 1 ? 1.0 : (double) cumulative / total);
        }
        return new SeasoningCurve(shares, source);
    }

    /**
     * The month on book of one default drawn from this curve by {@code u} in [0, 1): the month
     * {@code m} whose share interval {@code (S(m-1), S(m)]} holds it, and the fraction of that month
     * where it falls, as months on book (for a generator drawing default dates).
     */
    public double monthsOnBookAt(double u) {
        for (int m = 1; m <= windowMonths(); m++) {
            double low = cumulativeShare.get(m - 1);
            double high = cumulativeShare.get(m);
            if (u < high) {
                return m - 1 + (high > low ? (u - low) / (high - low) : 0);
            }
        }
        return windowMonths();
    }
}

package io.creditwatch.model.outcome;

import io.creditwatch.model.stats.TrafficLight;
import org.apache.commons.statistics.distribution.BinomialDistribution;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vintages: the applications of the newest {@code cohorts} application months, with their PDs
 * and their outcomes as they arrive, read once (a cohort keeps per-day sums and per-month default
 * counts, not its rows). Each prediction is counted once: its first final outcome wins, and a
 * censored one counts until a final one arrives. Not thread-safe.
 *
 * <p>Per cohort it reports the cumulative observed default rate at the months on book of
 * {@link #MILESTONES}, the expected rate there (mean PD times the seasoning curve's share), the
 * defaults observed to date against those expected to date (each application's PD times the
 * curve's share at its own age), and for a young cohort the one-sided binomial test of the
 * observed count against the expected.
 */
public final class VintageBook {

    /** The months on book at which cumulative default rates are reported. */
    public static final List<Integer> MILESTONES = List.of(3, 6, 12, 18, 24);

    private final PerformanceWindow window;
    private final int cohorts;
    private final TreeMap<YearMonth, Cohort> book = new TreeMap<>();
    private final BitSet finalOutcomes = new BitSet();
    private final BitSet censoredOutcomes = new BitSet();
    private YearMonth oldest;

    public VintageBook(PerformanceWindow window, int cohorts) {
        if (cohorts < 1) {
            throw new IllegalArgumentException("a vintage book keeps at least one cohort");
        }
        this.window = window;
        this.cohorts = cohorts;
    }

    /** Moves the book to {@code today}: cohorts older than the newest {@code cohorts} months are dropped. */
    public void advanceTo(LocalDate today) {
        oldest = YearMonth.from(today).minusMonths(cohorts - 1L);
        book.headMap(oldest).clear();
    }

    /** Adds one application made on {@code applied} with its probability of default. */
    public void addPrediction(LocalDate applied, double pd) {
        Cohort cohort = cohort(applied);
        if (cohort != null) {
            int day = applied.getDayOfMonth() - 1;
            cohort.applications[day]++;
            cohort.pdSum[day] += pd;
        }
    }

    /**
     * Adds one outcome of the prediction at store position {@code predictionSeq}, made on
     * {@code applied}; {@code observed} is the day it was observed, or null for an undated (final) one.
     */
    public void addOutcome(long predictionSeq, LocalDate applied, Maturity maturity, LocalDate observed) {
        Cohort cohort = cohort(applied);
        if (cohort == null) {
            return;
        }
        int seq = predictionSeq <= Integer.MAX_VALUE ? (int) predictionSeq : -1;
        if (seq >= 0 && finalOutcomes.get(seq)) {
            return;
        }
        if (!maturity.isFinal()) {
            if (seq < 0 || !censoredOutcomes.get(seq)) {
                cohort.censored++;
                if (seq >= 0) {
                    censoredOutcomes.set(seq);
                }
            }
            return;
        }
        if (seq >= 0) {
            finalOutcomes.set(seq);
            if (censoredOutcomes.get(seq)) {
                censoredOutcomes.clear(seq);
                cohort.censored--;
            }
        }
        cohort.mature++;
        if (maturity == Maturity.DEFAULT) {
            if (observed == null) {
                cohort.undatedDefaults++;
            } else {
                cohort.defaultsByMonth[PerformanceWindow.monthOnBook(applied, observed)]++;
            }
        }
    }

    private Cohort cohort(LocalDate applied) {
        YearMonth month = YearMonth.from(applied);
        if (oldest == null) {
            throw new IllegalStateException("advanceTo(today) comes first");
        }
        if (month.isBefore(oldest)) {
            return null;
        }
        return book.computeIfAbsent(month, key -> new Cohort(window.months()));
    }

    /**
     * Dated defaults of the complete cohorts (every application's window ended by {@code today}) by
     * month on book, the evidence a seasoning curve is estimated from.
     */
    public long[] completeDefaultsByMonth(LocalDate today) {
        long[] total = new long[window.months() + 1];
        book.forEach((month, cohort) -> {
            if (window.isComplete(month.atEndOfMonth(), today)) {
                for (int m = 0; m < total.length; m++) {
                    total[m] += cohort.defaultsByMonth[m];
                }
            }
        });
        return total;
    }

    /** One report per cohort that has applications, oldest first. */
    public List<Vintage> report(LocalDate today, SeasoningCurve curve, TrafficLight.Levels levels) {
        if (curve.windowMonths() != window.months()) {
            throw new IllegalArgumentException("the seasoning curve covers " + curve.windowMonths()
                    + " months, the performance window " + window.months());
        }
        List<Vintage> vintages = new ArrayList<>(book.size());
        book.forEach((month, cohort) -> {
            long applications = 0;
            double pdSum = 0;
            double expectedToDate = 0;
            for (int day = 0; day < cohort.applications.length; day++) {
                if (cohort.applications[day] == 0) {
                    continue;
                }
                applications += cohort.applications[day];
                pdSum += cohort.pdSum[day];
                double age = PerformanceWindow.monthsOnBook(month.atDay(day + 1), today);
                expectedToDate += cohort.pdSum[day] * curve.shareBy(age);
            }
            if (applications == 0) {
                return;
            }
            double meanPd = pdSum / applications;
            LocalDate last = month.atEndOfMonth();
            int monthsOnBook = today.isAfter(last) ? (int) ChronoUnit.MONTHS.between(last, today) : 0;
            Map<Integer, Double> observed = new LinkedHashMap<>();
            Map<Integer, Double> expected = new LinkedHashMap<>();
            for (int milestone : MILESTONES) {
                if (milestone > window.months()) {
                    continue;
                }
                expected.put(milestone, meanPd * curve.shareBy(milestone));
                if (milestone <= monthsOnBook) {
                    long defaults = 0;
                    for (int m = 0; m <= milestone; m++) {
                        defaults += cohort.defaultsByMonth[m];
                    }
                    observed.put(milestone, (double) defaults / applications);
                }
            }
            long defaults = cohort.undatedDefaults;
            for (long count : cohort.defaultsByMonth) {
                defaults += count;
            }
            boolean complete = window.isComplete(last, today);
            EarlyDefaults early = complete ? null
                    : EarlyDefaults.test(applications, defaults, expectedToDate, levels);
            vintages.add(new Vintage(month, applications, meanPd, monthsOnBook, complete, defaults, expectedToDate,
                    observed, expected, share(cohort.mature, applications), share(cohort.censored, applications),
                    early));
        });
        return vintages;
    }

    private static double share(long part, long whole) {
        return Math.min(1, (double) part / whole);
    }

    /** What the book holds of one application month. */
    private static final class Cohort {
        private final long[] applications = new long[31];
        private final double[] pdSum = new double[31];
        private final long[] defaultsByMonth;
        private long undatedDefaults;
        private long mature;
        private long censored;

        Cohort(int windowMonths) {
            this.defaultsByMonth = new long[windowMonths + 1];
        }
    }

    /**
     * One cohort: its applications and mean PD, whole months on book of its youngest application,
     * whether every window has ended, defaults observed to date and expected to date, the
     * cumulative observed (months reached only) and expected default rates by milestone, the shares
     * of its applications with a mature and with a censored outcome, and, for a young cohort, the
     * early-default test.
     */
    public record Vintage(YearMonth cohort, long applications, double meanPd, int monthsOnBook, boolean complete,
                          long defaults, double expectedDefaults, Map<Integer, Double> observedRate,
                          Map<Integer, Double> expectedRate, double matureShare, double censoredShare,
                          EarlyDefaults earlyDefaults) {

        /** The share of applications with no outcome yet. */
        public double noOutcomeShare() {
            return Math.max(0, 1 - matureShare - censoredShare);
        }
    }

    /**
     * The one-sided binomial test of {@code defaults} observed to date against {@code expected}
     * among {@code applications}: {@code P(X >= D)} for {@code X ~ Binomial(N, E / N)}, small when
     * defaults arrive faster than the PDs and the seasoning curve say (0 for a default where the
     * curve expects none yet).
     */
    public record EarlyDefaults(long defaults, double expected, double pValue, TrafficLight light) {

        static EarlyDefaults test(long applications, long defaults, double expected, TrafficLight.Levels levels) {
            double p = Math.min(1, expected / applications);
            double pValue = defaults == 0 ? 1
                    : BinomialDistribution.of(Math.toIntExact(applications), p).survivalProbability(
                            Math.toIntExact(defaults) - 1);
            return new EarlyDefaults(defaults, expected, pValue, levels.of(pValue));
        }
    }
}

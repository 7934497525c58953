package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.OutcomeScenarios;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.training.ModelTrainer;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Outcomes through time, through the real monitoring cycle: a seeded portfolio of 36 monthly
 * cohorts of about 1,000 generated applications each ({@link DatedCreditGenerator}: defaults at
 * times drawn from the standard seasoning curve, statuses as of today), scored by the bundled
 * model; 5% of the applicants never report. Each gauge is checked against a computation of
 * this test's own from the rows: realized quality on the complete cohorts' mature outcomes only,
 * the vintages, and the seasoning curve estimated from the store.
 */
class VintageScenarioTests {

    private static final String MODEL = "../models/default";
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final int COHORTS = 36;
    private static final int PER_COHORT = 1_000;
    /** A young cohort, 12 months old, whose defaults arrive at about twice its PDs in the stressed portfolio. */
    private static final YearMonth STRESSED = YearMonth.from(TODAY).minusMonths(12);
    private static final SeasoningCurve CURVE = SeasoningCurve.standard(24);
    private static final PerformanceWindow WINDOW = PerformanceWindow.STANDARD;
    private static ModelBundle bundle;

    @TempDir
    Path stores;

    @BeforeAll
    static void loadModel() throws Exception {
        bundle = ModelBundle.read(Path.of(MODEL));
    }

    /** One application of the portfolio with its outcome as reported today (null actual: never reported). */
    record Row(String id, LocalDate applied, double[] features, double pd, Integer actual, LocalDate observed) {

        boolean defaulted() {
            return actual != null && actual == 1;
        }
    }

    /**
     * The generator's dated portfolio as of today, 5% of its applicants never reporting; with
     * {@code stressed}, the young cohort {@link #STRESSED} gets extra defaults at its PDs (about twice).
     */
    static List<Row> portfolio(long seed, boolean stressed) {
        List<DatedCreditRecord> generated = new DatedCreditGenerator(seed, TODAY, COHORTS, CURVE)
                .generate(COHORTS * PER_COHORT);
        double[] pds = bundle.scorer().probabilities(ModelTrainer.featureRows(
                generated.stream().map(DatedCreditRecord::record).toList()));
        List<DatedCreditRecord> dated = !stressed ? generated : OutcomeScenarios.withExtraDefaults(generated,
                i -> STRESSED.equals(YearMonth.from(generated.get(i).applicationDate())) ? pds[i] : 0, CURVE, TODAY,
                seed);
        SplittableRandom reporting = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(dated.size());
        for (int i = 0; i < dated.size(); i++) {
            DatedCreditRecord row = dated.get(i);
            boolean reports = reporting.nextDouble() >= 0.05;
            rows.add(new Row(UUID.nameUUIDFromBytes((seed + ":" + i).getBytes()).toString(), row.applicationDate(),
                    row.record().features(), pds[i], reports ? row.record().label() : null,
                    reports ? row.outcomeDate() : null));
        }
        return rows;
    }

    @Test
    void realizedQualityCountsOnlyTheCompleteCohortsMatureOutcomes() throws Exception {
        List<Row> rows = portfolio(11, false);
        SimpleMeterRegistry registry = cycle(rows);

        List<Row> mature = rows.stream().filter(row -> row.actual() != null && WINDOW.isComplete(row.applied(), TODAY))
                .toList();
        assertThat(mature).hasSizeGreaterThan(10_000);
        assertThat(gauge(registry, "ml.model.labelled.predictions", "source", "live")).isEqualTo(mature.size());
        assertThat(gauge(registry, "ml.model.auc.roc", "source", "live")).isCloseTo(pairwiseAuc(mature), within(1e-9));
        long correct = mature.stream().filter(row -> (row.pd() >= bundle.card().threshold() ? 1 : 0) == row.actual())
                .count();
        assertThat(gauge(registry, "ml.model.accuracy", "source", "live"))
                .isCloseTo((double) correct / mature.size(), within(1e-12));
        long defaults = mature.stream().filter(Row::defaulted).count();
        assertThat(gauge(registry, "ml.validation.defaults", "grade", "portfolio")).isEqualTo(defaults);
        assertThat(gauge(registry, "ml.validation.mean.pd", "grade", "portfolio"))
                .isCloseTo(mature.stream().mapToDouble(Row::pd).average().orElseThrow(), within(1e-12));
    }

    @Test
    void vintageGaugesEqualACountOfTheRows() throws Exception {
        List<Row> rows = portfolio(12, false);
        SimpleMeterRegistry registry = cycle(rows);

        for (int age = 0; age < COHORTS; age++) {
            YearMonth month = YearMonth.from(TODAY).minusMonths(age);
            String cohort = month.toString();
            List<Row> members = rows.stream().filter(row -> YearMonth.from(row.applied()).equals(month)).toList();
            assertThat(gauge(registry, "ml.vintage.applications", "cohort", cohort)).isEqualTo(members.size());
            assertThat(gauge(registry, "ml.vintage.mean.pd", "cohort", cohort))
                    .isCloseTo(members.stream().mapToDouble(Row::pd).average().orElseThrow(), within(1e-12));
            assertThat(gauge(registry, "ml.vintage.defaults", "cohort", cohort))
                    .isEqualTo(members.stream().filter(Row::defaulted).count());
            int monthsOnBook = age == 0 ? 0 : age - 1;
            assertThat(gauge(registry, "ml.vintage.months.on.book", "cohort", cohort)).isEqualTo(monthsOnBook);
            for (int milestone : List.of(3, 6, 12, 18, 24)) {
                Gauge observed = registry.find("ml.vintage.observed.default.rate").tag("cohort", cohort)
                        .tag("months_on_book", Integer.toString(milestone)).gauge();
                if (milestone > monthsOnBook) {
                    assertThat(observed).as("not reached yet").isNull();
                    continue;
                }
                long by = members.stream().filter(row -> row.defaulted()
                        && !row.observed().isAfter(row.applied().plusMonths(milestone))).count();
                assertThat(observed.value()).isCloseTo((double) by / members.size(), within(1e-12));
            }
            long reported = members.stream().filter(row -> row.actual() != null).count();
            long censored = members.stream().filter(row -> row.actual() != null && row.actual() == 0
                    && !WINDOW.isComplete(row.applied(), row.observed())).count();
            assertThat(gauge(registry, "ml.vintage.outcomes.share", "cohort", cohort, "outcome", "censored"))
                    .isCloseTo((double) censored / members.size(), within(1e-12));
            assertThat(gauge(registry, "ml.vintage.outcomes.share", "cohort", cohort, "outcome", "mature"))
                    .isCloseTo((double) (reported - censored) / members.size(), within(1e-12));
        }
    }

    @Test
    void theSeasoningCurveEstimatedFromTheStoreIsTheGeneratorsWithinTheDkwBound() throws Exception {
        List<Row> rows = portfolio(13, false);
        SimpleMeterRegistry registry = cycle(rows);

        List<Row> completeDefaults = rows.stream()
                .filter(row -> row.defaulted()
                        && WINDOW.isComplete(YearMonth.from(row.applied()).atEndOfMonth(), TODAY))
                .toList();
        int n = completeDefaults.size();
        // Dvoretzky-Kiefer-Wolfowitz (Massart's constant): P(sup |F_n - F| > e) <= 2 exp(-2 n e^2); at 0.001
        double bound = Math.sqrt(Math.log(2 / 0.001) / (2 * n));
        assertThat(n).isGreaterThan(300);
        for (int milestone : List.of(3, 6, 12, 18, 24)) {
            double share = gauge(registry, "ml.vintage.seasoning.share", "months_on_book", Integer.toString(milestone),
                    "source", "store");
            long by = completeDefaults.stream()
                    .filter(row -> !row.observed().isAfter(row.applied().plusMonths(milestone))).count();
            assertThat(share).as("the store's own count").isCloseTo((double) by / n, within(1e-12));
            assertThat(share).as("the generator's curve").isCloseTo(CURVE.shareBy(milestone), within(bound));
        }
        // expected to date of one young cohort, with the estimated curve
        YearMonth month = YearMonth.from(TODAY).minusMonths(7);
        double[] shares = new double[25];
        for (int m = 0; m <= 24; m++) {
            final int months = m;
            shares[m] = (double) completeDefaults.stream()
                    .filter(row -> !row.observed().isAfter(row.applied().plusMonths(months))).count() / n;
        }
        double expected = rows.stream().filter(row -> YearMonth.from(row.applied()).equals(month))
                .mapToDouble(
                        row -> row.pd() * interpolate(shares, PerformanceWindow.monthsOnBook(row.applied(), TODAY)))
                .sum();
        assertThat(gauge(registry, "ml.vintage.expected.defaults", "cohort", month.toString()))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void aYoungCohortDefaultingAtTwiceItsPdsTurnsRedAndAHealthyPortfolioDoesNot() throws Exception {
        SimpleMeterRegistry healthy = cycle(portfolio(14, false));
        SimpleMeterRegistry stressed = cycle(portfolio(14, true));

        // the 25 young cohorts: 2024-12 (its last windows end on 2026-12-31) to 2026-12
        assertThat(healthy.find("ml.vintage.early.defaults.traffic.light").gauges()).hasSize(25)
                .allSatisfy(light -> assertThat(light.value()).isLessThan(2));
        assertThat(gauge(stressed, "ml.vintage.early.defaults.traffic.light", "cohort", STRESSED.toString()))
                .isEqualTo(2);
        assertThat(gauge(stressed, "ml.vintage.early.defaults.p.value", "cohort", STRESSED.toString()))
                .isLessThan(1e-4);
        assertThat(stressed.find("ml.vintage.early.defaults.traffic.light").gauges())
                .filteredOn(light -> light.value() == 2).hasSize(1);
    }

    private static double interpolate(double[] shares, double months) {
        if (months >= shares.length - 1) {
            return 1;
        }
        int below = (int) months;
        return shares[below] + (months - below) * (shares[below + 1] - shares[below]);
    }

    /** The AUC as the share of (default, performing) pairs ranked right, ties counting half. */
    private static double pairwiseAuc(List<Row> rows) {
        double[] defaults = rows.stream().filter(Row::defaulted).mapToDouble(Row::pd).toArray();
        double[] performing = rows.stream().filter(row -> !row.defaulted()).mapToDouble(Row::pd).toArray();
        double right = 0;
        for (double d : defaults) {
            for (double p : performing) {
                right += d > p ? 1 : d == p ? 0.5 : 0;
            }
        }
        return right / ((double) defaults.length * performing.length);
    }

    /** Stores the rows in a new SQLite store, as backfill does, and runs one cycle on 2026-12-01. */
    private SimpleMeterRegistry cycle(List<Row> rows) throws Exception {
        PredictionStore store = ScenarioStores.newStore(stores);
        List<CapturedPrediction> predictions = new ArrayList<>();
        List<OutcomeSubmission> labels = new ArrayList<>();
        List<Boolean> finals = new ArrayList<>();
        double threshold = bundle.card().threshold();
        for (Row row : rows) {
            predictions.add(new CapturedPrediction(row.id(), "scenario", millis(row.applied()), "1.0.0", row.features(),
                    row.pd(), row.pd() >= threshold ? 1 : 0, 600, "low"));
            if (row.actual() != null) {
                labels.add(new OutcomeSubmission(row.id(), row.actual(), millis(row.observed())));
                finals.add(WINDOW.classify(row.applied(), row.actual(), row.observed()).isFinal());
            }
        }
        store.insertPredictions(predictions);
        java.util.Map<OutcomeSubmission, Boolean> isFinal = new java.util.IdentityHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            isFinal.put(labels.get(i), finals.get(i));
        }
        store.insertOutcomes(labels, isFinal::get, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        new MonitoringCycle(ScenarioStores.defaults(MODEL, 100_000), store, new ExporterMetrics(registry), clock).run();
        return registry;
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        assertThat(gauge).as(name + " " + String.join("=", tags)).isNotNull();
        return gauge.value();
    }
}

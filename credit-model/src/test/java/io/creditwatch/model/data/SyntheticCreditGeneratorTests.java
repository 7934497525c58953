package io.creditwatch.model.data;

import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.stats.RankingMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Checks generated data against the real set's statistics in shared/data/credit-data-profile.md. */
class SyntheticCreditGeneratorTests {

    private static final int ROWS = 150_000;
    private static List<CreditRecord> records;

    @BeforeAll
    static void generate() {
        records = new SyntheticCreditGenerator(42).generate(ROWS);
    }

    @Test
    void sameSeedSameRowsOtherSeedOtherRows() {
        List<CreditRecord> again = new SyntheticCreditGenerator(42).generate(100);
        List<CreditRecord> other = new SyntheticCreditGenerator(43).generate(100);

        for (int i = 0; i < 100; i++) {
            assertThat(again.get(i).features()).containsExactly(records.get(i).features());
            assertThat(again.get(i).label()).isEqualTo(records.get(i).label());
        }
        assertThat(Arrays.equals(other.get(0).features(), records.get(0).features())).isFalse();
    }

    @Test
    void defaultRateIsTheRealSets() {
        double rate = records.stream().mapToInt(CreditRecord::label).average().orElseThrow();
        assertThat(rate).isCloseTo(0.0668, within(0.003));
    }

    /** Percentiles of the present values, missing rate in percent, and the AUC of the value alone. */
    @ParameterizedTest
    @CsvSource({
            "RevolvingUtilizationOfUnsecuredLines, 0.0299, 0.154, 0.559, 1.093, 0,     0.778",
            "age,                                  41,     52,    63,    87,    0,     0.365",
            "NumberOfTime30-59DaysPastDueNotWorse, 0,      0,     0,     4,     0,     0.690",
            "DebtRatio,                            0.175,  0.367, 0.868, 4979,  0,     0.524",
            "MonthlyIncome,                        3400,   5400,  8249,  25000, 19.82, 0.424",
            "NumberOfOpenCreditLinesAndLoans,      5,      8,     11,    24,    0,     0.456",
            "NumberOfTimes90DaysLate,              0,      0,     0,     3,     0,     0.657",
            "NumberRealEstateLoansOrLines,         0,      1,     2,     4,     0,     0.463",
            "NumberOfTime60-89DaysPastDueNotWorse, 0,      0,     0,     2,     0,     0.622",
            "NumberOfDependents,                   0,      0,     1,     4,     2.62,  0.547",
    })
    void marginalsFollowTheProfile(String name, double p25, double p50, double p75, double p99,
                                   double missingPercent, double aucAlone) {
        Feature feature = Feature.byJsonName(name).orElseThrow();
        double[] present = records.stream().mapToDouble(r -> r.get(feature)).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();

        assertThat(percentile(present, 0.25)).as("p25").isCloseTo(p25, within(tolerance(p25)));
        assertThat(percentile(present, 0.50)).as("p50").isCloseTo(p50, within(tolerance(p50)));
        assertThat(percentile(present, 0.75)).as("p75").isCloseTo(p75, within(tolerance(p75)));
        assertThat(percentile(present, 0.99)).as("p99").isCloseTo(p99, within(tolerance(p99)));
        assertThat(100.0 * (ROWS - present.length) / ROWS).as("missing %").isCloseTo(missingPercent, within(0.5));
        assertThat(aucAlone(feature)).as("AUC alone").isCloseTo(aucAlone, within(0.03));
    }

    @Test
    void dependentsAreMissingOnlyWhereIncomeIsMissingToo() {
        assertThat(records)
                .filteredOn(r -> Double.isNaN(r.get(Feature.DEPENDENTS)))
                .isNotEmpty()
                .allMatch(r -> Double.isNaN(r.get(Feature.MONTHLY_INCOME)));
    }

    @Test
    void debtRatioHoldsARawAmountWhereIncomeIsMissing() {
        double[] withoutIncome = debtRatios(r -> Double.isNaN(r.get(Feature.MONTHLY_INCOME)));
        double[] withIncome = debtRatios(r -> !Double.isNaN(r.get(Feature.MONTHLY_INCOME)));

        assertThat(percentile(withoutIncome, 0.5)).isBetween(1000.0, 1300.0);
        assertThat(Arrays.stream(withoutIncome).filter(v -> v > 1).count() / (double) withoutIncome.length)
                .isCloseTo(0.94, within(0.02));
        assertThat(percentile(withIncome, 0.5)).isCloseTo(0.30, within(0.03));
    }

    @Test
    void revolvingUtilizationQuirks() {
        assertThat(count(r -> r.get(Feature.REVOLVING_UTILIZATION) == 0)).isCloseTo(10_878, within(700L));
        assertThat(defaultRate(
                r -> r.get(Feature.REVOLVING_UTILIZATION) > 1 && r.get(Feature.REVOLVING_UTILIZATION) <= 10))
                .as("over-limit risk between 1 and 10").isCloseTo(0.396, within(0.05));
        assertThat(defaultRate(r -> r.get(Feature.REVOLVING_UTILIZATION) > 10))
                .as("noise far above 10").isLessThan(0.12);
        assertThat(records).anyMatch(r -> r.get(Feature.REVOLVING_UTILIZATION) > 10_000);
    }

    @Test
    void pastDueSentinelsComeInAllThreeCountsAtOnce() {
        Predicate<CreditRecord> sentinel = r -> r.get(Feature.PAST_DUE_30_59_DAYS) >= 96;

        assertThat(count(sentinel)).isCloseTo(269, within(60L));
        assertThat(records).filteredOn(sentinel)
                .allMatch(r -> r.get(Feature.PAST_DUE_60_89_DAYS) == r.get(Feature.PAST_DUE_30_59_DAYS)
                        && r.get(Feature.TIMES_90_DAYS_LATE) == r.get(Feature.PAST_DUE_30_59_DAYS));
        assertThat(defaultRate(sentinel)).isCloseTo(0.55, within(0.1));
        assertThat(records).filteredOn(sentinel.negate())
                .allMatch(r -> r.get(Feature.PAST_DUE_30_59_DAYS) <= 17 && r.get(Feature.PAST_DUE_60_89_DAYS) <= 17
                        && r.get(Feature.TIMES_90_DAYS_LATE) <= 17);
    }

    @Test
    void countsAreZeroInflatedWholeNumbers() {
        for (Feature feature : List.of(Feature.PAST_DUE_30_59_DAYS, Feature.PAST_DUE_60_89_DAYS,
                Feature.TIMES_90_DAYS_LATE)) {
            assertThat(count(r -> r.get(feature) == 0) / (double) ROWS).as(feature.jsonName()).isGreaterThan(0.8);
        }
        for (Feature feature : Feature.ALL) {
            if (feature.kind() == Feature.Kind.WHOLE) {
                assertThat(records).as(feature.jsonName())
                        .allMatch(r -> Double.isNaN(r.get(feature)) || r.get(feature) == Math.rint(r.get(feature)));
            }
        }
    }

    /** 10% of the expected value; whole-valued percentiles must match exactly, tiny ones to 0.005. */
    private static double tolerance(double expected) {
        return Math.max(expected * 0.1, expected == Math.rint(expected) ? 0.5 : 0.005);
    }

    private static double aucAlone(Feature feature) {
        List<CreditRecord> present = records.stream().filter(r -> !Double.isNaN(r.get(feature))).toList();
        return RankingMetrics.of(present.stream().mapToDouble(r -> r.get(feature)).toArray(),
                present.stream().mapToInt(CreditRecord::label).toArray()).aucRoc();
    }

    private static double[] debtRatios(Predicate<CreditRecord> filter) {
        return records.stream().filter(filter).mapToDouble(r -> r.get(Feature.DEBT_RATIO)).sorted().toArray();
    }

    private static long count(Predicate<CreditRecord> filter) {
        return records.stream().filter(filter).count();
    }

    private static double defaultRate(Predicate<CreditRecord> filter) {
        return records.stream().filter(filter).mapToInt(CreditRecord::label).average().orElseThrow();
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}

package io.creditwatch.model.monitoring;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.PopulationStability;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Drift and data quality of generated windows against the bundled model's reference profile. */
class WindowAnalyzerTests {

    private static final Set<String> SHIFTED = Set.of("MonthlyIncome", "RevolvingUtilizationOfUnsecuredLines",
            "NumberOfTime30-59DaysPastDueNotWorse");
    private static ModelBundle bundle;
    private static CreditScorer scorer;

    @BeforeAll
    static void load() throws Exception {
        bundle = ModelBundle.read(Path.of("../models/default"));
        scorer = bundle.scorer();
    }

    @Test
    void aSampleFromTheReferenceDistributionIsStable() {
        List<double[]> rows = rows(new SyntheticCreditGenerator(99).generate(5_000));

        WindowReport report = analyze(rows);

        assertThat(report.rows()).isEqualTo(5_000);
        assertThat(report.featurePsi()).hasSize(Feature.COUNT)
                .allSatisfy(
                        (feature, psi) -> assertThat(psi).as(feature).isLessThan(PopulationStability.MODERATE_SHIFT));
        assertThat(report.scorePsi()).isLessThan(PopulationStability.MODERATE_SHIFT);
        assertThat(report.driftDetected()).isFalse();
        assertThat(report.missingPercent().get("MonthlyIncome")).isCloseTo(19.8, within(1.5));
        assertThat(report.outlierPercentOverall()).isBetween(0.2, 2.0);
    }

    @Test
    void shiftedFeaturesAndOnlyThoseDrift() {
        Random random = new Random(5);
        List<double[]> rows = rows(new SyntheticCreditGenerator(99).generate(5_000));
        for (double[] row : rows) {
            row[Feature.MONTHLY_INCOME.ordinal()] *= 0.5;
            row[Feature.REVOLVING_UTILIZATION.ordinal()] = row[Feature.REVOLVING_UTILIZATION.ordinal()] * 1.5 + 0.3;
            if (random.nextDouble() < 0.3) {
                row[Feature.PAST_DUE_30_59_DAYS.ordinal()] += 1 + random.nextInt(3);
            }
        }

        WindowReport report = analyze(rows);

        report.featurePsi().forEach((feature, psi) -> {
            if (SHIFTED.contains(feature)) {
                assertThat(psi).as(feature).isGreaterThan(PopulationStability.SIGNIFICANT_SHIFT);
            } else {
                assertThat(psi).as(feature).isLessThan(PopulationStability.MODERATE_SHIFT);
            }
        });
        assertThat(report.driftScore())
                .isEqualTo(report.featurePsi().values().stream().mapToDouble(d -> d).max().orElseThrow());
        assertThat(report.driftDetected()).isTrue();
        assertThat(report.scorePsi()).isGreaterThan(PopulationStability.SIGNIFICANT_SHIFT);
    }

    @Test
    void dataQualityCountsMissingOutliersAndOutOfDomainValues() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(new double[]{0.3, 50, 0, 0.3, 5000, 8, 0, 1, 0, 1});
        }
        rows.get(0)[Feature.MONTHLY_INCOME.ordinal()] = Double.NaN;
        rows.get(1)[Feature.MONTHLY_INCOME.ordinal()] = Double.NaN;
        rows.get(2)[Feature.DEBT_RATIO.ordinal()] = 1e9;
        rows.get(3)[Feature.AGE.ordinal()] = 5;

        WindowReport report = WindowAnalyzer.analyze(bundle.profile(), rows, new double[]{0.1, 0.1, 0.1, 0.1});

        assertThat(report.missingPercent().get("MonthlyIncome")).isEqualTo(50.0);
        assertThat(report.missingPercentOverall()).isEqualTo(100.0 * 2 / 40);
        assertThat(report.outlierPercent().get("DebtRatio")).isEqualTo(25.0);
        assertThat(report.outlierPercent().get("age")).isEqualTo(25.0);
        assertThat(report.outlierPercentOverall()).isEqualTo(100.0 * 2 / 38);
        assertThat(report.outOfDomain()).containsEntry("DebtRatio", 1L).containsEntry("age", 1L)
                .containsEntry("MonthlyIncome", 0L);
    }

    private static WindowReport analyze(List<double[]> rows) {
        return WindowAnalyzer.analyze(bundle.profile(), rows, scorer.probabilities(rows.toArray(double[][]::new)));
    }

    private static List<double[]> rows(List<CreditRecord> records) {
        return new ArrayList<>(records.stream().map(record -> record.features().clone()).toList());
    }
}

package io.creditwatch.model.monitoring;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.stats.Calibration;
import io.creditwatch.model.stats.DeLongAuc;
import io.creditwatch.model.stats.TrafficLight;

import java.util.ArrayList;
import java.util.List;

/**
 * The tests a PD model's validation function runs, over a window of labelled predictions:
 * discrimination (AUC by DeLong against the AUC at initial validation), calibration for the
 * portfolio and per grade (Jeffreys, binomial, observed/expected), Hosmer-Lemeshow over grades,
 * and rank ordering of adjacent grades. See {@code docs/credit-validation.md}.
 */
public final class CreditValidation {

    public static final String PORTFOLIO = "portfolio";
    private static final double CONFIDENCE = 0.95;

    private CreditValidation() {
    }

    /**
     * @param pds        the served probabilities of default
     * @param actual     the outcomes, 0 or 1
     * @param scale      the model's rating grades, or null (format-1 bundles): no grade-based tests
     * @param initialAuc the AUC at initial validation (the model card's hold-out AUC)
     */
    public static ValidationReport validate(double[] pds, int[] actual, MasterScale scale, double initialAuc,
                                            ValidationSettings settings) {
        if (pds.length != actual.length) {
            throw new IllegalArgumentException("one outcome per PD is needed");
        }
        int n = pds.length;
        if (n < settings.minLabels()) {
            return new ValidationReport(null, null, List.of(), null, null);
        }
        long defaults = 0;
        double pdSum = 0;
        for (int i = 0; i < n; i++) {
            defaults += actual[i];
            pdSum += pds[i];
        }
        TrafficLight.Levels levels = settings.levels();
        ValidationReport.Discrimination discrimination = null;
        if (defaults >= settings.minDefaults() && n - defaults >= settings.minDefaults()) {
            DeLongAuc auc = DeLongAuc.of(pds, actual);
            double pValue = auc.pValueAgainst(initialAuc);
            discrimination = new ValidationReport.Discrimination(auc.auc(), auc.standardError(), auc.lower(CONFIDENCE),
                    auc.upper(CONFIDENCE), initialAuc, pValue, levels.of(pValue));
        }
        ValidationReport.Calibration portfolio = calibration(PORTFOLIO, n, defaults, pdSum / n, levels);
        if (scale == null) {
            return new ValidationReport(discrimination, portfolio, List.of(), null, null);
        }

        long[] gradeRows = new long[scale.size()];
        long[] gradeDefaults = new long[scale.size()];
        double[] gradePdSums = new double[scale.size()];
        int[] grades = scale.indexesOf(pds);
        for (int i = 0; i < n; i++) {
            gradeRows[grades[i]]++;
            gradeDefaults[grades[i]] += actual[i];
            gradePdSums[grades[i]] += pds[i];
        }
        List<ValidationReport.Calibration> perGrade = new ArrayList<>();
        boolean[] tested = new boolean[scale.size()];
        for (int g = 0; g < scale.size(); g++) {
            if (gradeRows[g] >= settings.minGradeLabels()) {
                tested[g] = true;
                perGrade.add(calibration(scale.grades().get(g).grade(), gradeRows[g], gradeDefaults[g],
                        gradePdSums[g] / gradeRows[g], levels));
            }
        }
        return new ValidationReport(discrimination, portfolio, perGrade, hosmerLemeshow(perGrade, levels),
                rankOrdering(tested, gradeRows, gradeDefaults, levels));
    }

    private static ValidationReport.Calibration calibration(String grade, long n, long defaults, double meanPd,
                                                            TrafficLight.Levels levels) {
        double jeffreys = Calibration.jeffreysPValue(n, defaults, meanPd);
        double binomial = Calibration.binomialPValue(n, defaults, meanPd);
        return new ValidationReport.Calibration(grade, n, defaults, meanPd, jeffreys, levels.of(jeffreys), binomial,
                levels.of(binomial));
    }

    private static ValidationReport.HosmerLemeshow hosmerLemeshow(List<ValidationReport.Calibration> grades,
                                                                  TrafficLight.Levels levels) {
        if (grades.size() < 2) {
            return null;
        }
        Calibration.HosmerLemeshow test = Calibration.hosmerLemeshow(
                grades.stream().mapToLong(ValidationReport.Calibration::labelled).toArray(),
                grades.stream().mapToLong(ValidationReport.Calibration::defaults).toArray(),
                grades.stream().mapToDouble(ValidationReport.Calibration::meanPd).toArray());
        return new ValidationReport.HosmerLemeshow(test.statistic(), test.degreesOfFreedom(), test.pValue(),
                levels.of(test.pValue()));
    }

    private static ValidationReport.RankOrdering rankOrdering(boolean[] tested, long[] rows, long[] defaults,
                                                              TrafficLight.Levels levels) {
        int pairs = 0;
        int inversions = 0;
        int significant = 0;
        for (int g = 0; g + 1 < tested.length; g++) {
            if (!tested[g] || !tested[g + 1]) {
                continue;
            }
            pairs++;
            if ((double) defaults[g] / rows[g] > (double) defaults[g + 1] / rows[g + 1]) {
                inversions++;
                if (Calibration.higherRatePValue(rows[g], defaults[g], rows[g + 1], defaults[g + 1]) <= levels
                        .yellow()) {
                    significant++;
                }
            }
        }
        return pairs == 0 ? null : new ValidationReport.RankOrdering(pairs, inversions, significant);
    }
}

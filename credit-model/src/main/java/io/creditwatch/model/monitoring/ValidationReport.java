package io.creditwatch.model.monitoring;

import io.creditwatch.model.stats.TrafficLight;

import java.util.List;

/**
 * The credit-risk validation tests over a window of labelled predictions. A part is null when the
 * window has too little evidence for it (see {@link ValidationSettings}) or, for the grade-based
 * parts, when the model has no master scale.
 *
 * @param discrimination  AUC with its DeLong interval, tested against the AUC at initial validation
 * @param portfolio       calibration of the whole window
 * @param grades          calibration of each grade with enough labels, best grade first
 * @param hosmerLemeshow  Hosmer-Lemeshow over those grades
 * @param rankOrdering    adjacent grades whose observed default rates run the wrong way
 */
public record ValidationReport(Discrimination discrimination, Calibration portfolio, List<Calibration> grades,
                               HosmerLemeshow hosmerLemeshow, RankOrdering rankOrdering) {

    /**
     * @param lower95 lower end of the 95% confidence interval of the AUC
     * @param pValue  one-sided p-value of "the AUC is below the AUC at initial validation"
     */
    public record Discrimination(double auc, double standardError, double lower95, double upper95,
                                 double initialAuc, double pValue, TrafficLight light) {
    }

    /**
     * Observed against predicted defaults of a grade (or of the portfolio).
     *
     * @param meanPd   mean predicted probability of default
     * @param jeffreys the one-sided Jeffreys test's light (PDs too low)
     * @param binomial the two-sided binomial test's light (PDs too low or too high)
     */
    public record Calibration(String grade, long labelled, long defaults, double meanPd, double jeffreysPValue,
                              TrafficLight jeffreys, double binomialPValue, TrafficLight binomial) {

        public double observedRate() {
            return (double) defaults / labelled;
        }

        /** Observed defaults over expected defaults (the sum of PDs). */
        public double observedToExpected() {
            return defaults / (meanPd * labelled);
        }
    }

    public record HosmerLemeshow(double statistic, int degreesOfFreedom, double pValue, TrafficLight light) {
    }

    /**
     * @param pairsTested           adjacent grade pairs that both had enough labels
     * @param inversions            of those, pairs where the better grade defaulted more often
     * @param significantInversions of those, pairs where it did so significantly (one-sided
     *                              Fisher exact test at the yellow level)
     */
    public record RankOrdering(int pairsTested, int inversions, int significantInversions) {
    }
}

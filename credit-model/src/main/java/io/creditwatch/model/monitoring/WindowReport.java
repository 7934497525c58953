package io.creditwatch.model.monitoring;

import java.util.Map;

/**
 * Drift and data quality of a window of served predictions against the model's reference
 * profile. Maps are keyed by feature name, in feature order.
 *
 * @param featurePsi        PSI of each feature's distribution against the reference
 * @param scorePsi          PSI of the model's score distribution against the hold-out scores
 * @param driftScore        the largest feature PSI: it crosses a threshold exactly when some
 *                          feature's distribution does
 * @param missingPercent    share of the window's rows with the feature missing, in percent
 * @param outlierPercent    share of the present values outside the reference fences, in percent
 * @param outOfDomain       values outside the feature's valid domain
 */
public record WindowReport(int rows, Map<String, Double> featurePsi, double scorePsi, double driftScore,
                           boolean driftDetected, Map<String, Double> missingPercent, double missingPercentOverall,
                           Map<String, Double> outlierPercent, double outlierPercentOverall,
                           Map<String, Long> outOfDomain) {
}

package io.creditwatch.model.bundle;

import io.creditwatch.model.estimation.CalibrationMap;
import io.creditwatch.model.stats.ConfusionMatrix;
import io.creditwatch.model.stats.RankingCurve;
import io.creditwatch.model.stats.RankingMetrics;

import java.util.Arrays;
import java.util.List;

/**
 * What a bundle records of a model's scores on labelled rows it was not trained on (the trainer's
 * hold-out, or the evaluation file of an imported model): the card's hold-out metrics at the
 * serving threshold, the master scale of rating grades, the score's reference distribution
 * and grade counts, the calibration map of performance estimation, the ROC and CAP points
 * (at most {@value RankingCurve#REPORT_POINTS}), and the lender's cut-off with its figures.
 */
public record HoldoutEvaluation(ModelCard.HoldoutMetrics metrics, MasterScale masterScale,
                                DistributionProfile scoreProfile, List<Long> gradeCounts, CalibrationMap calibration,
                                RankingCurve curve, ModelCard.Decision decision) {

    /**
     * @param gradeBoundaries upper PD boundaries of the grades, or empty to derive them ({@link MasterScale#derive})
     * @param boundaryRule how given boundaries were chosen, in words, recorded with the scale
     */
    public static HoldoutEvaluation of(double[] scores, int[] labels, double threshold, List<Double> gradeBoundaries,
                                       String boundaryRule, ModelCard.CutOffChoice cutOff) {
        RankingMetrics ranking = RankingMetrics.of(scores, labels);
        ConfusionMatrix confusion = ConfusionMatrix.atThreshold(scores, labels, threshold);
        MasterScale masterScale = gradeBoundaries.isEmpty()
                ? MasterScale.derive(scores, labels, MasterScale.DEFAULT_GRADES)
                : MasterScale.withBoundaries(gradeBoundaries.stream().mapToDouble(Double::doubleValue).toArray(),
                        scores, labels, boundaryRule);
        ModelCard.HoldoutMetrics metrics = new ModelCard.HoldoutMetrics(scores.length, ranking.positives(),
                confusion.accuracy(), confusion.precision(), confusion.recall(), confusion.f1(), ranking.aucRoc(),
                ranking.gini(), ranking.ks());
        // the estimates' reference figures are the decisions' at the lender's cut-off, as the service decides
        ModelCard.Decision decision = ModelCard.Decision.choose(scores, labels, cutOff);
        return new HoldoutEvaluation(metrics, masterScale,
                Profiler.profile("score", scores, new DistributionProfile.Range(0, 1)),
                Arrays.stream(masterScale.counts(scores)).boxed().toList(),
                CalibrationMap.fit(scores, labels, decision.cutOff().pd()),
                RankingCurve.of(scores, labels, RankingCurve.REPORT_POINTS),
                decision);
    }
}

package io.creditwatch.model.monitoring;

import io.creditwatch.model.stats.ConfusionMatrix;
import io.creditwatch.model.stats.RankingMetrics;

/**
 * Model quality over labelled predictions: the served decisions against the actual outcomes
 * (accuracy, precision, recall, F1), and the served probabilities' ranking (AUC-ROC, Gini, KS).
 * A measure that is undefined for these labels (say AUC with one class only, or precision with
 * no positive decision) is {@link Double#NaN}.
 */
public record QualityReport(int labelled, long positives, double accuracy, double precision, double recall,
                            double f1, double aucRoc, double gini, double ks) {

    public static QualityReport of(double[] probabilities, int[] predicted, int[] actual) {
        ConfusionMatrix confusion = ConfusionMatrix.of(predicted, actual);
        long positives = confusion.truePositives() + confusion.falseNegatives();
        double auc = Double.NaN;
        double ks = Double.NaN;
        if (positives > 0 && positives < actual.length) {
            RankingMetrics ranking = RankingMetrics.of(probabilities, actual);
            auc = ranking.aucRoc();
            ks = ranking.ks();
        }
        return new QualityReport(actual.length, positives, confusion.accuracy(), confusion.precision(),
                confusion.recall(), confusion.f1(), auc, 2 * auc - 1, ks);
    }
}

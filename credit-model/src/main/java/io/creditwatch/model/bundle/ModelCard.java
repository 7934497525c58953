package io.creditwatch.model.bundle;

import java.time.Instant;
import java.util.List;

/**
 * What a model bundle's {@code model-card.json} says about its model: identity, where the
 * training data came from, how it was trained and how it did on the hold-out set at the serving
 * threshold; from format 2 on, its master scale of rating grades (null in a format-1 card).
 */
public record ModelCard(
        int formatVersion,
        String modelVersion,
        Instant createdAt,
        String modelType,
        List<String> features,
        String positiveLabel,
        double threshold,
        DataSource data,
        Parameters parameters,
        HoldoutMetrics holdout,
        MasterScale masterScale) {

    /** The training data: file name, its SHA-256, and the row counts of the split. */
    public record DataSource(String source, String sha256, long rows, long positives, long trainRows,
                             long holdoutRows, double holdoutFraction, long splitSeed) {
    }

    /** The training parameters, by XGBoost's names. */
    public record Parameters(String objective, String treeMethod, int numBoostRound, double eta, int maxDepth,
                             double minChildWeight, double subsample, double colsampleBytree, double lambda,
                             double alpha, double gamma, long seed) {
    }

    /** Hold-out metrics; accuracy to F1 at {@link ModelCard#threshold()}. */
    public record HoldoutMetrics(long rows, long positives, double accuracy, double precision, double recall,
                                 double f1, double aucRoc, double gini, double ks) {
    }
}

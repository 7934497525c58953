package io.creditwatch.model.training;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelCard;

import java.util.List;

/**
 * How to train: the split, the serving threshold, the XGBoost parameters, and the upper PD
 * boundaries of the rating grades (empty: derived from the hold-out by {@link MasterScale#derive}).
 *
 * <p>The defaults suit the "Give Me Some Credit" problem (150,000 rows, 6.7% defaults, ten
 * noisy features): many shallow trees with a small learning rate, row and column subsampling,
 * and a minimum child weight that keeps leaves from fitting a handful of defaulters.
 */
public record TrainingOptions(
        String version,
        long seed,
        double holdoutFraction,
        double threshold,
        int trees,
        double eta,
        int maxDepth,
        double minChildWeight,
        double subsample,
        double columnSubsample,
        double lambda,
        double alpha,
        double gamma,
        int threads,
        List<Double> gradeBoundaries) {

    public static final long DEFAULT_SEED = 42;

    public TrainingOptions {
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdout fraction must be between 0 and 1, got " + holdoutFraction);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        if (trees < 1 || maxDepth < 1 || threads < 1) {
            throw new IllegalArgumentException("trees, max depth and threads must be positive");
        }
        gradeBoundaries = List.copyOf(gradeBoundaries);
    }

    public static TrainingOptions defaults(String version) {
        return new TrainingOptions(version, DEFAULT_SEED, 0.2, 0.5, 200, 0.1, 5, 10, 0.8, 0.8, 1.0, 0.0, 0.0,
                Runtime.getRuntime().availableProcessors(), List.of());
    }

    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(version, newSeed, holdoutFraction, threshold, trees, eta, maxDepth, minChildWeight,
                subsample, columnSubsample, lambda, alpha, gamma, threads, gradeBoundaries);
    }

    public TrainingOptions withTrees(int newTrees) {
        return new TrainingOptions(version, seed, holdoutFraction, threshold, newTrees, eta, maxDepth, minChildWeight,
                subsample, columnSubsample, lambda, alpha, gamma, threads, gradeBoundaries);
    }

    public TrainingOptions withGradeBoundaries(List<Double> boundaries) {
        return new TrainingOptions(version, seed, holdoutFraction, threshold, trees, eta, maxDepth, minChildWeight,
                subsample, columnSubsample, lambda, alpha, gamma, threads, boundaries);
    }

    /** The parameters as the model card records them. */
    public ModelCard.Parameters parameters() {
        return new ModelCard.Parameters("multi:softprob", "hist", trees, eta, maxDepth, minChildWeight, subsample,
                columnSubsample, lambda, alpha, gamma, seed);
    }
}

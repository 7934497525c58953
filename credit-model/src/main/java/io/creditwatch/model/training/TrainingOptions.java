package io.creditwatch.model.training;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelCard;

import java.util.List;
import java.util.Objects;

/**
 * How to train: the split, the serving threshold, the XGBoost parameters, the upper PD
 * boundaries of the rating grades (empty: derived from the hold-out by {@link MasterScale#derive}),
 * and how the lender's cut-off is chosen on the hold-out.
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
                              List<Double> gradeBoundaries,
                              ModelCard.CutOffChoice cutOff) {

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
        Objects.requireNonNull(cutOff, "cutOff");
    }

    /** Options with every default, to be changed one by one. */
    public static Builder builder(String version) {
        return new Builder(version);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder(version).seed(seed).holdoutFraction(holdoutFraction).threshold(threshold).trees(trees)
                .eta(eta).maxDepth(maxDepth).minChildWeight(minChildWeight).subsample(subsample)
                .columnSubsample(columnSubsample).lambda(lambda).alpha(alpha).gamma(gamma).threads(threads)
                .gradeBoundaries(gradeBoundaries).cutOff(cutOff);
    }

    /** The defaults, changed one at a time; {@link #build} checks them. */
    public static final class Builder {
        private final String version;
        private long seed = DEFAULT_SEED;
        private double holdoutFraction = 0.2;
        private double threshold = 0.5;
        private int trees = 200;
        private double eta = 0.1;
        private int maxDepth = 5;
        private double minChildWeight = 10;
        private double subsample = 0.8;
        private double columnSubsample = 0.8;
        private double lambda = 1.0;
        private double alpha = 0.0;
        private double gamma = 0.0;
        private int threads = Runtime.getRuntime().availableProcessors();
        private List<Double> gradeBoundaries = List.of();
        private ModelCard.CutOffChoice cutOff = ModelCard.CutOffChoice.DEFAULT;

        private Builder(String version) {
            this.version = version;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder holdoutFraction(double value) {
            holdoutFraction = value;
            return this;
        }

        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        public Builder trees(int value) {
            trees = value;
            return this;
        }

        public Builder eta(double value) {
            eta = value;
            return this;
        }

        public Builder maxDepth(int value) {
            maxDepth = value;
            return this;
        }

        public Builder minChildWeight(double value) {
            minChildWeight = value;
            return this;
        }

        public Builder subsample(double value) {
            subsample = value;
            return this;
        }

        public Builder columnSubsample(double value) {
            columnSubsample = value;
            return this;
        }

        public Builder lambda(double value) {
            lambda = value;
            return this;
        }

        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        public Builder gamma(double value) {
            gamma = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** Upper PD boundaries of the rating grades, ascending; empty: derived from the hold-out. */
        public Builder gradeBoundaries(List<Double> value) {
            gradeBoundaries = value;
            return this;
        }

        /** How the lender's cut-off is chosen on the hold-out; default: the PD at which 85% is approved. */
        public Builder cutOff(ModelCard.CutOffChoice value) {
            cutOff = value;
            return this;
        }

        public TrainingOptions build() {
            return new TrainingOptions(version, seed, holdoutFraction, threshold, trees, eta, maxDepth, minChildWeight,
                    subsample, columnSubsample, lambda, alpha, gamma, threads, gradeBoundaries, cutOff);
        }
    }

    /** The parameters as the model card records them. */
    public ModelCard.Parameters parameters() {
        return new ModelCard.Parameters("binary:logistic", "hist", trees, eta, maxDepth, minChildWeight, subsample,
                columnSubsample, lambda, alpha, gamma, seed);
    }
}

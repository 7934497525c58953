package io.creditwatch.model.reasons;

import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How much the model relies on each feature over a set of rows: the mean absolute SHAP value
 * (log-odds of default) per feature, the global importance of Lundberg et al. (2020). Computed on
 * the hold-out at {@code train} (on the evaluation rows at {@code import}) and stored in the
 * reference profile, it is the reference the ranking of live traffic is compared with.
 *
 * @param meanAbsoluteContributions by feature name
 */
public record AttributionProfile(long rows, Map<String, Double> meanAbsoluteContributions) {

    public AttributionProfile {
        meanAbsoluteContributions = Map.copyOf(meanAbsoluteContributions);
    }

    public static AttributionProfile of(CreditScorer scorer, double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("an attribution profile needs rows");
        }
        // The rows are independent and the scorer is thread-safe; the sum is taken in row order so that
        // the same rows always give the same profile, to the last bit.
        double[][] contributions = new double[rows.length][];
        IntStream.range(0, rows.length).parallel().forEach(r -> contributions[r] = scorer.contributions(rows[r]));
        double[] sums = new double[Feature.COUNT];
        for (double[] row : contributions) {
            for (int f = 0; f < Feature.COUNT; f++) {
                sums[f] += Math.abs(row[f]);
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (Feature feature : Feature.ALL) {
            means.put(feature.jsonName(), sums[feature.ordinal()] / rows.length);
        }
        return new AttributionProfile(rows.length, means);
    }

    /** The mean |contribution| of each feature, indexed by {@link Feature#ordinal()}. */
    public double[] byFeature() {
        double[] values = new double[Feature.COUNT];
        for (Feature feature : Feature.ALL) {
            Double value = meanAbsoluteContributions.get(feature.jsonName());
            if (value == null) {
                throw new IllegalStateException("the attribution profile has no value for " + feature.jsonName());
            }
            values[feature.ordinal()] = value;
        }
        return values;
    }
}

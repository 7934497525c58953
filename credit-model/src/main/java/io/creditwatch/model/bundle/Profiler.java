package io.creditwatch.model.bundle;

import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.schema.Feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** Builds a {@link DistributionProfile} from reference values. */
public final class Profiler {

    static final int QUANTILE_BINS = 10;
    /** A whole-valued feature gets one bin per value when this few values cover 99% of rows. */
    static final int MAX_DISCRETE_VALUES = 10;
    static final double DISCRETE_COVERAGE = 0.99;
    static final double LOWER_FENCE_QUANTILE = 0.005;
    static final double UPPER_FENCE_QUANTILE = 0.995;

    private Profiler() {
    }

    /** The profile of every feature over the reference rows, in schema order. */
    public static List<DistributionProfile> features(List<CreditRecord> rows) {
        List<DistributionProfile> profiles = new ArrayList<>();
        for (Feature feature : Feature.ALL) {
            double[] values = rows.stream().mapToDouble(record -> record.get(feature)).toArray();
            profiles.add(
                    profile(feature.jsonName(), values, new DistributionProfile.Range(feature.min(), feature.max())));
        }
        return profiles;
    }

    /**
     * @param values the reference values, {@link Double#NaN} for missing
     * @param domain the valid range of the values
     */
    public static DistributionProfile profile(String name, double[] values, DistributionProfile.Range domain) {
        double[] present = Arrays.stream(values).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (present.length == 0) {
            throw new IllegalArgumentException("no values to profile for " + name);
        }
        double[] discrete = discreteEdges(present);
        boolean isDiscrete = discrete != null;
        double[] edges = isDiscrete ? discrete : quantileEdges(present);
        DistributionProfile.Range fences = new DistributionProfile.Range(
                quantile(present, LOWER_FENCE_QUANTILE), quantile(present, UPPER_FENCE_QUANTILE));
        DistributionProfile shape = new DistributionProfile(name, isDiscrete ? "discrete" : "quantile", edges,
                new long[edges.length + 2], 0, domain, fences, 0);
        long outliers = 0;
        for (double value : values) {
            shape.counts()[shape.binOf(value)]++;
            if (shape.isOutlier(value)) {
                outliers++;
            }
        }
        long missing = values.length - present.length;
        return new DistributionProfile(name, shape.binning(), edges, shape.counts(), (double) missing / values.length,
                domain, fences, (double) outliers / present.length);
    }

    /** The edges of one bin per whole value, or null when the values are not few whole numbers. */
    private static double[] discreteEdges(double[] sorted) {
        TreeMap<Double, Integer> frequencies = new TreeMap<>();
        for (double value : sorted) {
            if (value != Math.rint(value)) {
                return null;
            }
            frequencies.merge(value, 1, Integer::sum);
        }
        double[] edges = new double[MAX_DISCRETE_VALUES];
        int used = 0;
        long covered = 0;
        for (var entry : frequencies.entrySet()) {
            if (used == MAX_DISCRETE_VALUES) {
                return null;
            }
            edges[used++] = entry.getKey();
            covered += entry.getValue();
            if (covered >= DISCRETE_COVERAGE * sorted.length) {
                return Arrays.copyOf(edges, used);
            }
        }
        return Arrays.copyOf(edges, used);
    }

    private static double[] quantileEdges(double[] sorted) {
        return java.util.stream.IntStream.range(1, QUANTILE_BINS)
                .mapToDouble(decile -> quantile(sorted, (double) decile / QUANTILE_BINS))
                .distinct()
                .toArray();
    }

    /** The q-quantile of sorted values by linear interpolation between order statistics. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}

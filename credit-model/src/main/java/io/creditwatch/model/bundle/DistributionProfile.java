package io.creditwatch.model.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * The reference distribution of one feature (or of the model score) as training saw it.
 *
 * <p>Bins are defined by ascending upper-inclusive {@code edges}: bin 0 holds values
 * {@code <= edges[0]}, bin i holds {@code (edges[i-1], edges[i]]}, and the last value bin holds
 * everything above the last edge. After the value bins comes one more bin for missing values,
 * which always exists. {@code counts} has one entry per bin, missing bin last.
 * {@code binning} says how the edges were chosen: {@code quantile} (deciles) or {@code discrete}
 * (one bin per whole value, for zero-inflated counts).
 *
 * <p>Outlier fences are the 0.5th and 99.5th percentiles of the reference values; a value strictly
 * outside them is an outlier, and {@code outlierRate} is the reference's own share of those.
 */
@JsonIgnoreProperties(value = "expected_proportions", allowGetters = true)
public record DistributionProfile(
                                  String name,
                                  String binning,
                                  double[] edges,
                                  long[] counts,
                                  double missingRate,
                                  Range domain,
                                  Range fences,
                                  double outlierRate) {

    /** An inclusive range of values. */
    public record Range(double min, double max) {

        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    /** Number of bins, the missing bin included. */
    public int binCount() {
        return edges.length + 2;
    }

    /** Index of the missing bin (the last one). */
    public int missingBin() {
        return edges.length + 1;
    }

    /** The bin a value falls into; {@link Double#NaN} is missing. */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            return missingBin();
        }
        int found = Arrays.binarySearch(edges, value);
        return found >= 0 ? found : -found - 1;
    }

    public boolean isOutlier(double value) {
        return !Double.isNaN(value) && !fences.contains(value);
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** Each bin's share of the reference rows, missing bin last. */
    @JsonProperty
    public double[] expectedProportions() {
        double total = total();
        return Arrays.stream(counts).mapToDouble(count -> count / total).toArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DistributionProfile that && name.equals(that.name) && binning.equals(that.binning)
                && Arrays.equals(edges, that.edges) && Arrays.equals(counts, that.counts)
                && Double.compare(missingRate, that.missingRate) == 0 && domain.equals(that.domain)
                && fences.equals(that.fences) && Double.compare(outlierRate, that.outlierRate) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "DistributionProfile[" + name + ", " + binning + ", edges=" + Arrays.toString(edges)
                + ", counts=" + Arrays.toString(counts) + "]";
    }
}

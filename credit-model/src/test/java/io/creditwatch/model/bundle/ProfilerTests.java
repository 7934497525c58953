package io.creditwatch.model.bundle;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProfilerTests {

    private static final DistributionProfile.Range ANY = new DistributionProfile.Range(0, 1e9);

    @Test
    void zeroInflatedCountsGetOneBinPerValue() {
        // 900 zeros, 60 ones, 30 twos, 10 fives, 5 missing
        double[] values = DoubleStream.concat(DoubleStream.concat(
                DoubleStream.generate(() -> 0).limit(900), DoubleStream.generate(() -> 1).limit(60)),
                DoubleStream.concat(DoubleStream.concat(DoubleStream.generate(() -> 2).limit(30),
                        DoubleStream.generate(() -> 5).limit(10)), DoubleStream.generate(() -> Double.NaN).limit(5)))
                .toArray();

        DistributionProfile profile = Profiler.profile("count", values, ANY);

        assertThat(profile.binning()).isEqualTo("discrete");
        // 0, 1 and 2 cover 99% of the values; the rest share one tail bin
        assertThat(profile.edges()).containsExactly(0, 1, 2);
        assertThat(profile.counts()).containsExactly(900, 60, 30, 10, 5);
        assertThat(profile.missingRate()).isCloseTo(5 / 1005.0, within(1e-12));
        assertThat(profile.binOf(3)).isEqualTo(3);
        assertThat(profile.binOf(7)).isEqualTo(3);
        assertThat(profile.binOf(Double.NaN)).isEqualTo(profile.missingBin());
    }

    @Test
    void continuousValuesGetDecileBins() {
        double[] values = IntStream.rangeClosed(1, 1000).mapToDouble(i -> i / 1000.0).toArray();

        DistributionProfile profile = Profiler.profile("ratio", values, ANY);

        assertThat(profile.binning()).isEqualTo("quantile");
        assertThat(profile.edges()).hasSize(9);
        assertThat(profile.counts()).hasSize(11);
        assertThat(profile.counts()[10]).isZero();
        assertThat(Arrays.stream(profile.expectedProportions()).max().orElseThrow()).isLessThanOrEqualTo(0.1001);
        assertThat(profile.total()).isEqualTo(1000);
    }

    @Test
    void fencesAreTheHalfPercentTailsOfTheReference() {
        double[] values = IntStream.rangeClosed(0, 1000).mapToDouble(i -> i).toArray();

        DistributionProfile profile = Profiler.profile("x", values, ANY);

        assertThat(profile.fences().min()).isEqualTo(5.0);
        assertThat(profile.fences().max()).isEqualTo(995.0);
        assertThat(profile.isOutlier(4.9)).isTrue();
        assertThat(profile.isOutlier(5)).isFalse();
        assertThat(profile.isOutlier(Double.NaN)).isFalse();
        assertThat(profile.outlierRate()).isCloseTo(10 / 1001.0, within(1e-12));
    }

    @Test
    void manyWholeValuesAreBinnedByQuantile() {
        double[] ages = IntStream.range(0, 5000).mapToDouble(i -> 20 + i % 60).toArray();

        assertThat(Profiler.profile("age", ages, ANY).binning()).isEqualTo("quantile");
    }
}

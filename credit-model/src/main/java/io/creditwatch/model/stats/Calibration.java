package io.creditwatch.model.stats;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.HypergeometricDistribution;

/**
 * Tests of predicted probabilities of default (PDs) against observed defaults, as PD-model
 * validation uses them. Distribution functions are Apache Commons Statistics'.
 */
public final class Calibration {

    private Calibration() {
    }

    /**
     * The Jeffreys test of a PD against {@code defaults} observed among {@code n} (the ECB's
     * instructions for reporting the validation results of internal models, 2019): the p-value is
     * the Jeffreys posterior of the default rate, {@code Beta(D + 1/2, N - D + 1/2)}, evaluated at
     * the PD. It is one-sided: small when the observed rate is significantly above the PD (the
     * PD is too low), close to 1 when it is below. It behaves well with few or no defaults.
     */
    public static double jeffreysPValue(long n, long defaults, double pd) {
        requireCounts(n, defaults);
        requireProbability(pd);
        return BetaDistribution.of(defaults + 0.5, n - defaults + 0.5).cumulativeProbability(pd);
    }

    /**
     * The two-sided exact binomial test of {@code defaults} among {@code n} against the PD:
     * twice the smaller tail, {@code min(1, 2 min(P(X <= D), P(X >= D)))} for
     * {@code X ~ Binomial(N, PD)}. It flags PDs too high as well as too low, and assumes
     * independent defaults.
     */
    public static double binomialPValue(long n, long defaults, double pd) {
        requireCounts(n, defaults);
        requireProbability(pd);
        BinomialDistribution binomial = BinomialDistribution.of(Math.toIntExact(n), pd);
        int d = Math.toIntExact(defaults);
        double atMost = binomial.cumulativeProbability(d);
        double atLeast = d == 0 ? 1 : binomial.survivalProbability(d - 1);
        return Math.min(1, 2 * Math.min(atMost, atLeast));
    }

    /**
     * The Hosmer-Lemeshow statistic over groups (rating grades):
     * {@code sum of (D_g - N_g p_g)^2 / (N_g p_g (1 - p_g))} with {@code p_g} the group's mean PD.
     * On a sample the model was not fitted on, it is chi-square with as many degrees of freedom
     * as groups (Basel Committee, "Studies on the validation of internal rating systems",
     * working paper 14, 2005).
     */
    public static HosmerLemeshow hosmerLemeshow(long[] n, long[] defaults, double[] meanPd) {
        if (n.length != defaults.length || n.length != meanPd.length || n.length == 0) {
            throw new IllegalArgumentException("one count, default count and mean PD per group is needed");
        }
        double statistic = 0;
        for (int g = 0; g < n.length; g++) {
            requireCounts(n[g], defaults[g]);
            if (!(meanPd[g] > 0 && meanPd[g] < 1) || n[g] == 0) {
                throw new IllegalArgumentException("group " + g + " needs rows and a mean PD strictly between 0 and 1");
            }
            double expected = n[g] * meanPd[g];
            statistic += (defaults[g] - expected) * (defaults[g] - expected) / (expected * (1 - meanPd[g]));
        }
        double pValue = ChiSquaredDistribution.of(n.length).survivalProbability(statistic);
        return new HosmerLemeshow(statistic, n.length, pValue);
    }

    /** A Hosmer-Lemeshow statistic, its degrees of freedom and its p-value. */
    public record HosmerLemeshow(double statistic, int degreesOfFreedom, double pValue) {
    }

    /**
     * One-sided Fisher exact test that group A's default rate is above group B's: given the
     * total defaults of both, {@code P(X >= D_A)} for the hypergeometric number of them that fall
     * in A. Rank ordering uses it with A the better grade.
     */
    public static double higherRatePValue(long nA, long defaultsA, long nB, long defaultsB) {
        requireCounts(nA, defaultsA);
        requireCounts(nB, defaultsB);
        HypergeometricDistribution split = HypergeometricDistribution.of(Math.toIntExact(nA + nB),
                Math.toIntExact(defaultsA + defaultsB), Math.toIntExact(nA));
        return defaultsA == 0 ? 1 : split.survivalProbability(Math.toIntExact(defaultsA) - 1);
    }

    /** The Herfindahl index of a distribution over groups: the sum of squared shares, from 1/groups to 1. */
    public static double herfindahl(long[] counts) {
        long total = 0;
        for (long count : counts) {
            requireCounts(count, 0);
            total += count;
        }
        if (total == 0) {
            throw new IllegalArgumentException("an empty distribution has no concentration");
        }
        double index = 0;
        for (long count : counts) {
            double share = (double) count / total;
            index += share * share;
        }
        return index;
    }

    private static void requireCounts(long n, long defaults) {
        if (n < 0 || defaults < 0 || defaults > n) {
            throw new IllegalArgumentException("counts must satisfy 0 <= defaults <= n, got " + defaults + " of " + n);
        }
    }

    private static void requireProbability(double pd) {
        if (!(pd >= 0 && pd <= 1)) {
            throw new IllegalArgumentException("a PD must be between 0 and 1, got " + pd);
        }
    }
}

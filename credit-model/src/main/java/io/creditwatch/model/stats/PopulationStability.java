package io.creditwatch.model.stats;

/**
 * Population Stability Index between an expected (reference) and an actual distribution over
 * the same bins: {@code sum over bins of (a - e) * ln(a / e)}, where {@code e} and {@code a} are
 * the bins' proportions.
 *
 * <p>Smoothing rule: an empty bin would make the logarithm infinite, so both distributions are
 * Laplace-smoothed before comparing: each bin's count is increased by {@value #PSEUDO_COUNT}, so a
 * bin's proportion is {@code (count + 0.5) / (total + 0.5 * bins)}. With large samples this changes
 * the index negligibly; with an empty bin it keeps the index finite and still large when the
 * other side holds much mass there.
 *
 * <p>Reading (credit-risk convention): below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25
 * a significant shift.
 */
public final class PopulationStability {

    public static final double PSEUDO_COUNT = 0.5;
    public static final double MODERATE_SHIFT = 0.1;
    public static final double SIGNIFICANT_SHIFT = 0.25;

    private PopulationStability() {
    }

    public static double psi(long[] expectedCounts, long[] actualCounts) {
        if (expectedCounts.length != actualCounts.length || expectedCounts.length == 0) {
            throw new IllegalArgumentException("both distributions need the same, non-zero number of bins");
        }
        double expectedTotal = total(expectedCounts) + PSEUDO_COUNT * expectedCounts.length;
        double actualTotal = total(actualCounts) + PSEUDO_COUNT * actualCounts.length;
        double psi = 0;
        for (int bin = 0; bin < expectedCounts.length; bin++) {
            double expected = (expectedCounts[bin] + PSEUDO_COUNT) / expectedTotal;
            double actual = (actualCounts[bin] + PSEUDO_COUNT) / actualTotal;
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }

    private static long total(long[] counts) {
        long total = 0;
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("a count is negative: " + count);
            }
            total += count;
        }
        return total;
    }
}

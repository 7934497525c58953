package io.creditwatch.model.stats;

/** The standard normal distribution's cumulative distribution function. */
public final class NormalDistribution {

    private NormalDistribution() {
    }

    /** P(Z &le; x) for a standard normal Z, with a relative error below 1.2e-7. */
    public static double cdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** Complementary error function by Chebyshev fitting (Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double result = t * Math.exp(poly);
        return x >= 0 ? result : 2 - result;
    }
}

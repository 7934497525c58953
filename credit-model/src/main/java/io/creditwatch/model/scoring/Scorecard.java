package io.creditwatch.model.scoring;

/**
 * Scorecard scaling of a probability of default into credit-score points:
 * {@code score = offset + factor * ln(odds)} with {@code odds = (1 - p) / p} (good to bad),
 * {@code factor = pointsToDoubleOdds / ln 2} and {@code offset = baseScore - factor * ln(baseOdds)}.
 * So an applicant at {@code baseOdds} scores {@code baseScore}, and every doubling of the odds adds
 * {@code pointsToDoubleOdds}. Probabilities are clamped to [1e-6, 1 - 1e-6] to keep scores finite.
 */
public record Scorecard(double baseScore, double baseOdds, double pointsToDoubleOdds) {

    /** 600 points at 50:1 good-to-bad odds, 20 points to double the odds: the service's default. */
    public static final Scorecard STANDARD = new Scorecard(600, 50, 20);

    private static final double EPSILON = 1e-6;

    public Scorecard {
        if (!(baseOdds > 0) || !(pointsToDoubleOdds > 0)) {
            throw new IllegalArgumentException("base odds and points to double the odds must be positive");
        }
    }

    public long score(double probabilityOfDefault) {
        double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilityOfDefault));
        return Math.round(offset() + factor() * Math.log((1 - p) / p));
    }

    /** Points per unit of log-odds: {@code pointsToDoubleOdds / ln 2}. */
    public double factor() {
        return pointsToDoubleOdds / Math.log(2);
    }

    /** The score at even odds: {@code baseScore - factor * ln(baseOdds)}. */
    public double offset() {
        return baseScore - factor() * Math.log(baseOdds);
    }
}

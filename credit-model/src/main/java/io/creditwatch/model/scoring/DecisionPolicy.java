package io.creditwatch.model.scoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The lender's cut-off, separate from the training threshold: exactly one of a probability of
 * default, a credit score or a risk band. At the boundary:
 * <ul>
 *   <li>{@code pd}: a probability at or above it is declined (the threshold's own rule);</li>
 *   <li>{@code score}: a score below it is declined, the cut-off score itself approved (the lowest
 *       score a lender approves is what it calls its cut-off score);</li>
 *   <li>{@code band}: that band and every worse one (later in {@link RiskBands}) are declined.</li>
 * </ul>
 * Each form has an equivalent probability cut-off under a given scorecard and bands
 * ({@link #probabilityCutOff}), which is what the served decision and the monitoring compare.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionPolicy(Double pd, Long score, String band) {

    public DecisionPolicy {
        int given = (pd != null ? 1 : 0) + (score != null ? 1 : 0) + (band != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("a cut-off is exactly one of a PD, a score or a risk band; " + given
                    + " were given");
        }
        if (pd != null && !(pd > 0 && pd <= 1)) {
            throw new IllegalArgumentException("a PD cut-off is above 0 and at most 1, not " + pd);
        }
        if (band != null && band.isBlank()) {
            throw new IllegalArgumentException("a band cut-off names a risk band");
        }
    }

    public static DecisionPolicy ofPd(double pd) {
        return new DecisionPolicy(pd, null, null);
    }

    public static DecisionPolicy ofScore(long score) {
        return new DecisionPolicy(null, score, null);
    }

    public static DecisionPolicy ofBand(String band) {
        return new DecisionPolicy(null, null, band);
    }

    /**
     * Whether a decision is a decline under this cut-off.
     *
     * @param bands the bands {@code band} comes from; a band cut-off must name one of them
     */
    public boolean declines(double probability, long creditScore, String riskBand, RiskBands bands) {
        if (pd != null) {
            return probability >= pd;
        }
        if (score != null) {
            return creditScore < score;
        }
        return bands.names().indexOf(riskBand) >= rank(bands);
    }

    /**
     * The probability cut-off this one comes to: a PD's is itself; a band's is the upper limit of
     * the band before it (0 for the best band: every application is declined), declining exactly
     * what the band rule declines; a score's is the probability above which the scorecard's rounded
     * score falls below the cut-off, so it declines the same applications except one exactly at it
     * (and outside the scorecard's clamp of [1e-6, 1 - 1e-6]).
     */
    public double probabilityCutOff(Scorecard scorecard, RiskBands bands) {
        if (pd != null) {
            return pd;
        }
        if (score != null) {
            // Math.round(x) < score exactly when x < score - 0.5; x falls as the probability rises
            double logOdds = (score - 0.5 - scorecard.offset()) / scorecard.factor();
            return 1 / (1 + Math.exp(logOdds));
        }
        int rank = rank(bands);
        return rank == 0 ? 0 : bands.bands().get(rank - 1).upTo();
    }

    /** The cut-off in words, e.g. {@code PD 0.08}, {@code score 560}, {@code band high}. */
    @JsonIgnore
    public String description() {
        return pd != null ? "PD " + pd : score != null ? "score " + score : "band " + band;
    }

    private int rank(RiskBands bands) {
        int rank = bands.names().indexOf(band);
        if (rank < 0) {
            throw new IllegalArgumentException("the cut-off band " + band + " is not one of the risk bands "
                    + bands.names());
        }
        return rank;
    }
}

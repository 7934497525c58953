package io.creditwatch.model.reasons;

import io.creditwatch.model.schema.Feature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a window of explained decisions says about the model's reasons: the mean |contribution| per
 * feature, the attribution drift against the reference's ranking ({@link AttributionDrift}), and
 * how the declines split by their first reason.
 *
 * @param meanAbsoluteContributions per feature, indexed by {@link Feature#ordinal()}
 * @param ndcg against the reference; NaN when there is no reference
 * @param declines the window's declines (predicted default)
 * @param firstReasonShares by code, the share of the declines whose first reason has it ({@value #NO_REASON}:
 *                          no feature raised the risk); empty with fewer than {@value #MIN_DECLINES} declines
 */
public record AttributionReport(double[] meanAbsoluteContributions, double ndcg, int declines,
                                Map<String, Double> firstReasonShares) {

    /** Fewer declines than this and their split by reason is too noisy to publish. */
    public static final int MIN_DECLINES = 20;
    /** The first "reason" of a decline that no feature pushed towards default (possible at a low threshold). */
    public static final String NO_REASON = "none";

    /**
     * @param contributions per row, indexed by {@link Feature#ordinal()} (a bias after them is ignored)
     * @param declined per row, whether it was declined
     * @param reference the hold-out's profile, or null when the bundle has none
     */
    public static AttributionReport of(List<double[]> contributions, boolean[] declined, List<ReasonCode> codes,
                                       AttributionProfile reference) {
        if (contributions.isEmpty() || contributions.size() != declined.length) {
            throw new IllegalArgumentException("an attribution report needs rows, one decision each; got "
                    + contributions.size() + " rows and " + declined.length + " decisions");
        }
        ReasonRanker first = new ReasonRanker(codes, 1);
        double[] sums = new double[Feature.COUNT];
        Map<String, Integer> firstReasons = new LinkedHashMap<>();
        int declines = 0;
        for (int r = 0; r < declined.length; r++) {
            double[] row = contributions.get(r);
            for (int f = 0; f < Feature.COUNT; f++) {
                sums[f] += Math.abs(row[f]);
            }
            if (declined[r]) {
                declines++;
                List<Reason> reason = first.reasons(row);
                firstReasons.merge(reason.isEmpty() ? NO_REASON : reason.get(0).code(), 1, Integer::sum);
            }
        }
        double[] means = new double[Feature.COUNT];
        for (int f = 0; f < Feature.COUNT; f++) {
            means[f] = sums[f] / declined.length;
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        if (declines >= MIN_DECLINES) {
            for (ReasonCode code : codes) {
                shares.put(code.code(), firstReasons.getOrDefault(code.code(), 0) / (double) declines);
            }
            shares.put(NO_REASON, firstReasons.getOrDefault(NO_REASON, 0) / (double) declines);
        }
        double ndcg = reference == null ? Double.NaN : AttributionDrift.ndcg(reference.byFeature(), means);
        return new AttributionReport(means, ndcg, declines, shares);
    }
}

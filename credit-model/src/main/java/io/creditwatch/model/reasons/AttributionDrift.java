package io.creditwatch.model.reasons;

/**
 * Whether the model still relies on the features it relied on at validation: the normalized
 * discounted cumulative gain (nDCG, Järvelin and Kekäläinen, "Cumulated gain-based evaluation of
 * IR techniques", ACM TOIS 20(4), 2002) of the window's ranking of the features by mean
 * |contribution|, with each feature's reference mean |contribution| as its relevance:
 *
 * <pre>
 *   DCG  = Σ_{i=1..n} relevance(feature ranked i-th in the window) / log2(i + 1)
 *   nDCG = DCG / IDCG,  IDCG = the DCG of the reference's own ranking
 * </pre>
 *
 * This is the attribution-drift measure of Amazon SageMaker Clarify's model-explainability
 * monitor (linear gain, all features), which flags drift below 0.9. 1 means the same order of
 * importance; swapping two features of similar reference weight costs little, demoting the
 * feature the model relied on most costs most. Ties in a ranking keep the schema's order.
 */
public final class AttributionDrift {

    /** Below this the ranking has moved enough to alert (SageMaker Clarify's threshold). */
    public static final double ALERT_BELOW = 0.9;

    private AttributionDrift() {
    }

    /**
     * @param reference the reference mean |contribution| per feature, the relevance of each
     * @param window the window's mean |contribution| per feature, same order; only its ranking counts
     * @return nDCG in [0, 1]; NaN when the reference gives every feature zero weight
     */
    public static double ndcg(double[] reference, double[] window) {
        if (reference.length != window.length) {
            throw new IllegalArgumentException("the rankings have " + reference.length + " and " + window.length
                    + " features");
        }
        double ideal = dcg(reference, ranking(reference));
        return ideal == 0 ? Double.NaN : dcg(reference, ranking(window)) / ideal;
    }

    private static double dcg(double[] relevance, int[] ranking) {
        double sum = 0;
        for (int i = 0; i < ranking.length; i++) {
            sum += relevance[ranking[i]] / (Math.log(i + 2) / Math.log(2));
        }
        return sum;
    }

    /** Indexes by descending value, ties in index order. */
    static int[] ranking(double[] values) {
        return java.util.stream.IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> {
                    int byValue = Double.compare(values[b], values[a]);
                    return byValue != 0 ? byValue : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
    }
}

package io.creditwatch.model.reasons;

import io.creditwatch.model.schema.Feature;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a row's contributions into its principal reasons: the features with a positive
 * contribution to the log-odds of default, largest first, at most {@code top}. A feature that
 * lowered the risk, or left it unchanged, is never a reason for a decline. Ties keep the schema's
 * order, so the same row always gets the same reasons. Immutable, safe for concurrent use.
 */
public final class ReasonRanker {

    private final ReasonCode[] codes;
    private final int top;

    /**
     * @param codes one per schema feature, in any order
     * @param top at most this many reasons, at least 1
     */
    public ReasonRanker(List<ReasonCode> codes, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("at least one reason must be given, got " + top);
        }
        this.codes = new ReasonCode[Feature.COUNT];
        for (ReasonCode code : codes) {
            this.codes[Feature.byJsonName(code.feature()).orElseThrow(() -> new IllegalArgumentException(
                    "reason codes: '" + code.feature() + "' is not a feature of the schema")).ordinal()] = code;
        }
        for (Feature feature : Feature.ALL) {
            if (this.codes[feature.ordinal()] == null) {
                throw new IllegalArgumentException("reason codes: none for " + feature.jsonName());
            }
        }
        this.top = top;
    }

    /** @param contributions indexed by {@link Feature#ordinal()} (a bias after them is ignored) */
    public List<Reason> reasons(double[] contributions) {
        List<Reason> reasons = new ArrayList<>(top);
        boolean[] taken = new boolean[Feature.COUNT];
        while (reasons.size() < top) {
            int best = -1;
            for (int f = 0; f < Feature.COUNT; f++) {
                if (!taken[f] && contributions[f] > 0 && (best < 0 || contributions[f] > contributions[best])) {
                    best = f;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            ReasonCode code = codes[best];
            reasons.add(new Reason(code.feature(), code.code(), code.description(), contributions[best]));
        }
        return reasons;
    }
}

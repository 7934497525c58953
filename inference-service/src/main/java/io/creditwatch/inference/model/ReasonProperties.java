package io.creditwatch.inference.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Which decisions /predict gives their principal reasons ({@code INFERENCE_REASONS}: {@code declined},
 * the default, the decisions the lender's cut-off declines, which an adverse-action notice must explain;
 * {@code all}; or {@code none}), at most how many reasons each ({@code INFERENCE_REASONS_TOP},
 * default 4, the number Regulation B's official interpretation finds sufficient), and which risk
 * bands the lender also treats as adverse with {@code declined}, e.g. approving them only on worse
 * terms ({@code INFERENCE_REASONS_ADVERSE_BANDS=high}; default none).
 */
@ConfigurationProperties("inference")
public record ReasonProperties(@DefaultValue("declined") Mode reasons, @DefaultValue("4") int reasonsTop,
                               List<String> reasonsAdverseBands) {

    /** Which decisions carry reasons. */
    public enum Mode {
        DECLINED,
        ALL,
        NONE
    }

    public ReasonProperties {
        if (reasonsTop < 1) {
            throw new IllegalArgumentException("inference.reasons-top (INFERENCE_REASONS_TOP) must be at least 1, got "
                    + reasonsTop);
        }
        reasonsAdverseBands = reasonsAdverseBands == null ? List.of() : List.copyOf(reasonsAdverseBands);
    }

    /**
     * Whether a decision of class {@code prediction} (1: default predicted, declined) in
     * {@code riskBand} is given its reasons.
     */
    public boolean explains(int prediction, String riskBand) {
        return reasons == Mode.ALL
                || reasons == Mode.DECLINED && (prediction == 1 || reasonsAdverseBands.contains(riskBand));
    }
}

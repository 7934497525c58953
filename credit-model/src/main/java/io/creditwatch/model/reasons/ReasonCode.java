package io.creditwatch.model.reasons;

/**
 * What an adverse-action notice says when a feature is among the principal reasons of a decision:
 * a short stable {@code code} for letters and reports, and a {@code description} in plain words
 * for the applicant.
 *
 * @param feature the schema feature's JSON name
 */
public record ReasonCode(String feature, String code, String description) {

    public ReasonCode {
        if (feature == null || code == null || code.isBlank() || description == null || description.isBlank()) {
            throw new IllegalArgumentException("a reason code needs a feature, a code and a description; got "
                    + feature + ", " + code + ", " + description);
        }
    }
}

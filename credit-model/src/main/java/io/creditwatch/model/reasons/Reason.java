package io.creditwatch.model.reasons;

/**
 * One principal reason of a decision: a feature that raised the probability of default, its code
 * and description, and by how much it raised the log-odds of default (its SHAP value).
 */
public record Reason(String feature, String code, String description, double contribution) {
}

package io.creditwatch.store;

/**
 * What the challenger model, scored in the shadow, said of an application the champion answered:
 * its version and its decision at the service's cut-off. Its decision is never answered; it is
 * stored under the champion's prediction id, so outcomes join both.
 */
public record ChallengerPrediction(String modelVersion, double probability, int predictedClass, long creditScore,
                                   String riskBand) {
}

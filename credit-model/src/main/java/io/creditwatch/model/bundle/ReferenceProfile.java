package io.creditwatch.model.bundle;

import io.creditwatch.model.reasons.AttributionProfile;

import java.util.List;

/**
 * What a model bundle's {@code reference-profile.json} holds: the distribution of every feature
 * over the training rows, and of the model's score over the hold-out rows (scores on rows the
 * model was trained on would be overconfident), to compare live traffic against; from format 2
 * on, also the hold-out rows per rating grade of the card's master scale (null in format 1); and the
 * model's mean |contribution| per feature over the same hold-out rows, the reference of attribution
 * drift (null in profiles written before reasons).
 */
public record ReferenceProfile(int formatVersion, String modelVersion, long rows, List<DistributionProfile> features,
                               DistributionProfile score, List<Long> gradeCounts, AttributionProfile attribution) {

    public DistributionProfile feature(String name) {
        return features.stream()
                .filter(profile -> profile.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no profile for feature " + name));
    }
}

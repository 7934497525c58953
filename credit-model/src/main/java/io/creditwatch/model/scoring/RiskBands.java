package io.creditwatch.model.scoring;

import java.util.List;

/**
 * Risk bands by probability of default: a probability below a band's {@code upTo} (exclusive)
 * belongs to the first such band; the last band must be open-ended ({@code upTo = 1.0} or more)
 * so that every probability gets a band. Why the answer has bands as well as the model's rating
 * grades, and why their edge rules are the same: see {@link io.creditwatch.model.bundle.MasterScale}.
 */
public record RiskBands(List<Band> bands) {

    public record Band(String name, double upTo) {
    }

    /** low below 5% probability of default, medium below 20%, high above: the service's default. */
    public static final RiskBands STANDARD = new RiskBands(List.of(new Band("low", 0.05), new Band("medium", 0.20),
            new Band("high", 1.0)));

    public RiskBands {
        bands = List.copyOf(bands);
        if (bands.isEmpty() || bands.get(bands.size() - 1).upTo() < 1.0) {
            throw new IllegalArgumentException("the last risk band must reach a probability of 1.0");
        }
        for (int i = 1; i < bands.size(); i++) {
            if (bands.get(i).upTo() <= bands.get(i - 1).upTo()) {
                throw new IllegalArgumentException("risk band limits must increase: " + bands);
            }
        }
    }

    public String bandOf(double probabilityOfDefault) {
        for (Band band : bands) {
            if (probabilityOfDefault < band.upTo()) {
                return band.name();
            }
        }
        return bands.get(bands.size() - 1).name();
    }

    public List<String> names() {
        return bands.stream().map(Band::name).toList();
    }
}

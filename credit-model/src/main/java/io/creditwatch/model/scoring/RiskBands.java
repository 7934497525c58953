package io.creditwatch.model.scoring;

import java.util.List;

/**
 * Risk bands by probability of default: a probability below a band's {@code upTo} (exclusive)
 * belongs to the first such band; the last band must be open-ended ({@code upTo = 1.0} or more)
 * so that every probability gets a band.
 */
public record RiskBands(List<Band> bands) {

    public record Band(String name, double upTo) {
    }

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

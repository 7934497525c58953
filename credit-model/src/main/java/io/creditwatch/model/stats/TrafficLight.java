package io.creditwatch.model.stats;

/**
 * The validation convention for reading a test's p-value: green when the deviation is not
 * significant at the yellow level, yellow when it is, red when it is significant at the red
 * level too. Published as its {@link #code()}: 0 green, 1 yellow, 2 red.
 */
public enum TrafficLight {
    GREEN,
    YELLOW,
    RED;

    public int code() {
        return ordinal();
    }

    /**
     * The significance levels that separate the lights: a p-value at or below {@code yellow}
     * (0.05: significant at 95%) is yellow, at or below {@code red} (0.001: at 99.9%) red.
     */
    public record Levels(double yellow, double red) {

        public static final Levels CONVENTIONAL = new Levels(0.05, 0.001);

        public Levels {
            if (!(red > 0 && red < yellow && yellow < 1)) {
                throw new IllegalArgumentException("traffic-light levels need 0 < red < yellow < 1, got red " + red
                        + " and yellow " + yellow);
            }
        }

        public TrafficLight of(double pValue) {
            if (Double.isNaN(pValue)) {
                throw new IllegalArgumentException("a p-value is NaN");
            }
            return pValue <= red ? RED : pValue <= yellow ? YELLOW : GREEN;
        }
    }
}

package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A panel's absolute thresholds: the base colour (below every step) and each step's colour from its
 * value up. Always explicit, so no panel keeps Grafana's default of red at 80.
 */
public final class Thresholds {

    private final ArrayNode steps = Json.array();

    private Thresholds(String baseColour) {
        steps.add(Json.object("color", baseColour, "value", null));
    }

    /** Thresholds of one colour: a panel whose colour means nothing. */
    public static Thresholds base(String colour) {
        return new Thresholds(colour);
    }

    /** A traffic light's colours: green, yellow from 1, red from 2. */
    public static Thresholds trafficLight() {
        return base("green").step("yellow", 1).step("red", 2);
    }

    /** The colour from {@code value} up. */
    public Thresholds step(String colour, double value) {
        steps.add(Json.object("color", colour, "value", value));
        return this;
    }

    boolean hasSteps() {
        return steps.size() > 1;
    }

    ObjectNode build() {
        return Json.object("mode", "absolute", "steps", steps.deepCopy());
    }
}

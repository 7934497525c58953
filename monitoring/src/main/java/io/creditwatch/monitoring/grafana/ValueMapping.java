package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A value mapping: codes shown as words in colours (a 0/1 flag, a traffic light). */
public final class ValueMapping {

    private final ObjectNode options = Json.object();

    private ValueMapping() {
    }

    /** A mapping of exact values. */
    public static ValueMapping values() {
        return new ValueMapping();
    }

    /** A traffic light's codes as their words in their colours: 0 green, 1 yellow, 2 red. */
    public static ValueMapping trafficLight() {
        return values().map("0", "green", "green").map("1", "yellow", "yellow").map("2", "red", "red");
    }

    /** {@code value} shown as {@code text} in {@code colour}. */
    public ValueMapping map(String value, String text, String colour) {
        options.set(value, Json.object("text", text, "color", colour, "index", options.size()));
        return this;
    }

    ObjectNode build() {
        return Json.object("type", "value", "options", options.deepCopy());
    }
}

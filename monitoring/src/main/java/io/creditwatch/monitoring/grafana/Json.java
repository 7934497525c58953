package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/** Small constructors of JSON trees, so that the builders and the dashboards read as data. */
public final class Json {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** An object of alternating keys and values; a value is a node, a string, a number, a boolean or null. */
    public static ObjectNode object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.set((String) keysAndValues[i], node(keysAndValues[i + 1]));
        }
        return object;
    }

    /** An array of the values, each converted as in {@link #object}. */
    public static ArrayNode array(Object... values) {
        ArrayNode array = NODES.arrayNode();
        for (Object value : values) {
            array.add(node(value));
        }
        return array;
    }

    /** A value as a node; a whole number is written without a fraction (80, not 80.0). */
    public static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode json) {
            return json;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
            return decimal.scale() <= 0 ? NODES.numberNode(decimal.longValueExact())
                    : NODES.numberNode(decimal.doubleValue());
        }
        throw new IllegalArgumentException("not a JSON value: " + value);
    }
}

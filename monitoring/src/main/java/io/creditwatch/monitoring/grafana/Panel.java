package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A panel of a dashboard: its queries, unit, range, thresholds, mappings, overrides, options and
 * size. The datasource is always the dashboard's variable; the colour mode defaults to the type's
 * (by thresholds for stat, gauge and bar gauge, the palette elsewhere); thresholds are required.
 */
public final class Panel {

    private final String type;
    private final String title;
    private String description;
    private final List<Target> targets = new ArrayList<>();
    private String unit;
    private Integer decimals;
    private Double min;
    private Double max;
    private Thresholds thresholds;
    private String colourMode;
    private String thresholdsStyle;
    private final ObjectNode custom = Json.object();
    private final ArrayNode mappings = Json.array();
    private final ArrayNode overrides = Json.array();
    private final ObjectNode options = Json.object();
    private final ArrayNode transformations = Json.array();
    private int width = 8;
    private int height = 8;

    private Panel(String type, String title) {
        this.type = type;
        this.title = title;
    }

    public static Panel timeseries(String title) {
        return new Panel("timeseries", title);
    }

    public static Panel stat(String title) {
        return new Panel("stat", title);
    }

    public static Panel table(String title) {
        return new Panel("table", title);
    }

    public static Panel barchart(String title) {
        return new Panel("barchart", title);
    }

    public static Panel bargauge(String title) {
        return new Panel("bargauge", title);
    }

    public static Panel piechart(String title) {
        return new Panel("piechart", title);
    }

    /** What the panel shows and how to read it: Grafana shows it behind the panel's (i). */
    public Panel description(String description) {
        this.description = description;
        return this;
    }

    public Panel target(Target target) {
        targets.add(target);
        return this;
    }

    /**
     * An instant table query whose column is shown as {@code name}, its legend too, with any
     * further properties of that column: see {@link #column(String, Target, ObjectNode...)}.
     */
    public Panel column(String name, String expr, ObjectNode... properties) {
        return column(name, Target.expr(expr).legend(name), properties);
    }

    /**
     * The query as an instant table query whose column is shown as {@code name}, with any further
     * properties of that column. Grafana names the value column of each query merged into one
     * table by the query's letter ({@code Value #A}, {@code Value #B}, ...); this names it again.
     */
    public Panel column(String name, Target target, ObjectNode... properties) {
        target(target.instant().format("table"));
        ObjectNode[] columnProperties = new ObjectNode[properties.length + 1];
        columnProperties[0] = property("displayName", name);
        System.arraycopy(properties, 0, columnProperties, 1, properties.length);
        return override("byName", "Value #" + refId(targets.size() - 1), columnProperties);
    }

    public Panel unit(String unit) {
        this.unit = unit;
        return this;
    }

    public Panel decimals(int decimals) {
        this.decimals = decimals;
        return this;
    }

    public Panel min(double min) {
        this.min = min;
        return this;
    }

    public Panel max(double max) {
        this.max = max;
        return this;
    }

    /** A ratio's full range: 0 to 100 for {@code percent}, 0 to 1 for {@code percentunit}. */
    public Panel ratio(String unit) {
        return unit(unit).min(0).max(unit.equals("percent") ? 100 : 1);
    }

    public Panel thresholds(Thresholds thresholds) {
        this.thresholds = thresholds;
        return this;
    }

    /** Draws the thresholds on a time series ({@code line}, {@code dashed}, {@code area}, ...). */
    public Panel drawThresholds(String style) {
        this.thresholdsStyle = style;
        return this;
    }

    public Panel colourMode(String mode) {
        this.colourMode = mode;
        return this;
    }

    /** A key of the field config's {@code custom} block other than the thresholds' style. */
    public Panel custom(String key, Object value) {
        custom.set(key, Json.node(value));
        return this;
    }

    public Panel mapping(ValueMapping mapping) {
        mappings.add(mapping.build());
        return this;
    }

    /** Field properties ({@code id}, {@code value} objects) for the fields the matcher selects. */
    public Panel override(String matcher, Object matcherOptions, ObjectNode... properties) {
        overrides.add(Json.object("matcher", Json.object("id", matcher, "options", matcherOptions), "properties",
                Json.array((Object[]) properties)));
        return this;
    }

    /** One property of an {@link #override}. */
    public static ObjectNode property(String id, Object value) {
        return Json.object("id", id, "value", value);
    }

    /** The {@code color} property of an {@link #override}: one fixed colour, whatever the value. */
    public static ObjectNode fixedColour(String colour) {
        return property("color", Json.object("mode", "fixed", "fixedColor", colour));
    }

    /** The {@code mappings} property of an {@link #override}: the mapping alone for the fields it selects. */
    public static ObjectNode mappingProperty(ValueMapping mapping) {
        return property("mappings", Json.array(mapping.build()));
    }

    /** Draws the series named {@code series} as a dashed line (a reference to read the others against). */
    public Panel dashedLine(String series) {
        return override("byName", series,
                property("custom.lineStyle", Json.object("fill", "dash", "dash", Json.array(10, 10))));
    }

    /**
     * A band between the series {@code lower} and {@code upper}: shaded from the upper one down to
     * the lower one, neither drawn as a line.
     */
    public Panel band(String lower, String upper) {
        return override("byName", upper, property("custom.fillBelowTo", lower), property("custom.lineWidth", 0))
                .override("byName", lower, property("custom.lineWidth", 0));
    }

    /** An option of the panel type ({@code legend}, {@code reduceOptions}, {@code orientation}, ...). */
    public Panel option(String key, Object value) {
        options.set(key, Json.node(value));
        return this;
    }

    /**
     * A stat of each series' last value, without a sparkline: coloured as {@code colourMode} says
     * ({@code value}, {@code background}), its text as {@code textMode} says ({@code auto},
     * {@code value_and_name}).
     */
    public Panel lastValue(String colourMode, String textMode) {
        return option("colorMode", colourMode).option("graphMode", "none").option("textMode", textMode)
                .reduceToLastValue();
    }

    /** Each series reduced to its last value (not null): what a stat, gauge or pie shows of it. */
    public Panel reduceToLastValue() {
        return option("reduceOptions", Json.object("calcs", Json.array("lastNotNull"), "fields", "", "values", false));
    }

    /** A bar gauge of each series' last value as a plain bar, {@code vertical} or {@code horizontal}, its unfilled part shown. */
    public Panel plainBars(String orientation) {
        return option("displayMode", "basic").option("orientation", orientation).option("showUnfilled", true)
                .reduceToLastValue();
    }

    /** A traffic light (0 green, 1 yellow, 2 red) as a stat: each series' word on its colour. */
    public Panel trafficLight() {
        return unit("none").min(0).max(2).thresholds(Thresholds.trafficLight()).mapping(ValueMapping.trafficLight())
                .lastValue("background", "value_and_name");
    }

    /**
     * Bars of instant table queries side by side for each value of {@code xField}: the queries'
     * rows merged on it, the labels that are not the field left out.
     */
    public Panel barsBy(String xField) {
        return option("xField", xField).option("orientation", "vertical").option("showValue", "auto").legendBelow()
                .transformation("merge", Json.object()).hideCommonFields("source");
    }

    /** The legend as a list below the graph. */
    public Panel legendBelow() {
        return option("legend", Json.object("displayMode", "list", "placement", "bottom", "showLegend", true));
    }

    /**
     * A table of plain cells: aligned and shown as Grafana chooses for each value, with a header, small
     * rows and no footer.
     */
    public Panel plainCells() {
        return custom("align", "auto").custom("cellOptions", Json.object("type", "auto")).option("showHeader", true)
                .option("cellHeight", "sm").option("footer", Json.object("show", false));
    }

    /**
     * Leaves out of the queries' rows the fields every series of the stack has (the time, the metric's
     * name, {@code job}, {@code instance} and {@code service}) and the {@code others}.
     */
    public Panel hideCommonFields(String... others) {
        ObjectNode hidden = Json.object("Time", true, "__name__", true, "job", true, "instance", true, "service", true);
        for (String other : others) {
            hidden.put(other, true);
        }
        return transformation("organize", Json.object("excludeByName", hidden));
    }

    /** The table's columns in the order of {@code fields}, those not named after them. */
    public Panel orderColumns(String... fields) {
        ObjectNode indexByName = Json.object();
        for (int i = 0; i < fields.length; i++) {
            indexByName.put(fields[i], i);
        }
        return transformation("organize", Json.object("indexByName", indexByName));
    }

    /** Rows in ascending order of {@code field}. */
    public Panel sortBy(String field) {
        return transformation("sortBy", Json.object("sort", Json.array(Json.object("field", field))));
    }

    /** Rows in descending order of {@code field}. */
    public Panel sortDescendingBy(String field) {
        return transformation("sortBy", Json.object("sort", Json.array(Json.object("field", field, "desc", true))));
    }

    public Panel transformation(String id, ObjectNode transformationOptions) {
        transformations.add(Json.object("id", id, "options", transformationOptions));
        return this;
    }

    /** Width (of 24 columns) and height (in grid rows); 8 by 8 unless set. */
    public Panel size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    String title() {
        return title;
    }

    ObjectNode build(int id, int x, int y) {
        if (thresholds == null || unit == null || description == null || targets.isEmpty()) {
            throw new IllegalStateException(title + ": a panel needs a description, a unit, thresholds and a query");
        }
        if (thresholdsStyle != null && !thresholds.hasSteps()) {
            throw new IllegalStateException(title + ": draws thresholds but has no step above the base");
        }
        ObjectNode panel = Json.object("id", id, "title", title, "type", type, "description", description, "datasource",
                Dashboard.datasourceVariable());
        ArrayNode queries = panel.putArray("targets");
        for (int i = 0; i < targets.size(); i++) {
            queries.add(targets.get(i).build(refId(i)));
        }
        ObjectNode defaults = Json.object("unit", unit);
        if (decimals != null) {
            defaults.put("decimals", decimals);
        }
        defaults.set("thresholds", thresholds.build());
        defaults.set("color", Json.object("mode", colourMode != null ? colourMode : defaultColourMode()));
        if (min != null) {
            defaults.set("min", Json.node(min));
        }
        if (max != null) {
            defaults.set("max", Json.node(max));
        }
        ObjectNode customDefaults = custom.deepCopy();
        if (thresholdsStyle != null) {
            customDefaults.set("thresholdsStyle", Json.object("mode", thresholdsStyle));
        } else if (type.equals("timeseries")) {
            customDefaults.set("thresholdsStyle", Json.object("mode", "off"));
        }
        if (!customDefaults.isEmpty()) {
            defaults.set("custom", customDefaults);
        }
        if (!mappings.isEmpty()) {
            defaults.set("mappings", mappings.deepCopy());
        }
        panel.set("fieldConfig", Json.object("defaults", defaults, "overrides", overrides.deepCopy()));
        panel.set("options", options.deepCopy());
        if (!transformations.isEmpty()) {
            panel.set("transformations", transformations.deepCopy());
        }
        panel.set("gridPos", gridPos(x, y, width, height));
        return panel;
    }

    /** The {@code refId} of the panel's {@code index}th query (from 0): A, B, ... */
    private static String refId(int index) {
        return String.valueOf((char) ('A' + index));
    }

    private String defaultColourMode() {
        return switch (type) {
            case "stat", "gauge", "bargauge" -> "thresholds";
            default -> "palette-classic";
        };
    }

    static JsonNode gridPos(int x, int y, int width, int height) {
        return Json.object("x", x, "y", y, "w", width, "h", height);
    }
}

package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboards' conventions for one panel, as Grafana would draw it. Grafana cannot run here,
 * so what a reader would see wrong (default red at 80, cumulative buckets, a version as a
 * column header, a rate that jumps with the zoom) is caught in the panel's JSON.
 * <p>
 * Only what the generator cannot guarantee is checked here: the dashboards are built by the
 * monitoring module's builders, which refuse a panel without a description, a unit, explicit
 * thresholds or a query, always start the thresholds at a base step, never draw thresholds without
 * a step above it, point every panel and query at the {@code ${datasource}} variable and write every
 * row open and empty (see its {@code DashboardBuilderTests}). The colours, ranges and queries a
 * panel is given are free, and are checked below.
 */
final class DashboardLint {

    private static final Set<String> COLOURED_BY_VALUE = Set.of("stat", "gauge", "bargauge");
    /** A series of ours or of the JVM; its selector must carry the dashboard's job and instance. */
    private static final Pattern SERIES = Pattern
            .compile("\\b((?:ml|system|process|jvm)_[a-z0-9_:]+|up)\\b(\\{[^}]*})?");
    private static final Pattern RATE = Pattern.compile("\\b(?:i?rate)\\([^\\[]*\\[([^\\]]+)]");
    private static final Pattern BUCKETS = Pattern.compile("_bucket\\b");
    /** Values that are codes: 0/1 flags and traffic lights need words and colours, not numbers. */
    private static final Pattern CODED = Pattern.compile("_traffic_light\\b|_detected\\b|^up\\{");

    private DashboardLint() {
    }

    static List<String> check(JsonNode panel) {
        List<String> problems = new ArrayList<>();
        String type = panel.path("type").asText();
        if (type.equals("row")) {
            return problems;
        }
        JsonNode defaults = panel.at("/fieldConfig/defaults");
        thresholds(type, defaults, problems);
        ratioRange(type, defaults, problems);
        boolean coded = false;
        for (JsonNode target : panel.path("targets")) {
            String expr = target.path("expr").asText();
            coded |= CODED.matcher(expr).find();
            query(target, expr, problems);
        }
        if (coded && COLOURED_BY_VALUE.contains(type) && defaults.path("mappings").isEmpty()) {
            problems.add("shows codes (flags or traffic lights) without value mappings");
        }
        if (coded && type.equals("table") && defaults.path("mappings").isEmpty()
                && !panel.at("/fieldConfig/overrides").findValuesAsText("id").contains("mappings")) {
            problems.add("a table of codes (flags or traffic lights) without value mappings for their column");
        }
        return problems;
    }

    private static void thresholds(String type, JsonNode defaults, List<String> problems) {
        JsonNode steps = defaults.at("/thresholds/steps");
        if (steps.size() == 2 && steps.get(0).path("color").asText().equals("green")
                && steps.get(1).path("color").asText().equals("red") && steps.get(1).path("value").asDouble() == 80) {
            problems.add("keeps Grafana's default thresholds (red at 80)");
        }
        if (COLOURED_BY_VALUE.contains(type) && !defaults.at("/color/mode").asText().equals("thresholds")) {
            problems.add("a " + type + " panel must take its colour from its thresholds");
        }
    }

    private static void ratioRange(String type, JsonNode defaults, List<String> problems) {
        String unit = defaults.path("unit").asText();
        double full = unit.equals("percent") ? 100 : unit.equals("percentunit") ? 1 : Double.NaN;
        if (Double.isNaN(full)) {
            return;
        }
        if (!defaults.has("min") || defaults.path("min").asDouble() != 0) {
            problems.add("a ratio (" + unit + ") must set min 0");
        }
        // a bar chart of default rates would be unreadable on a scale to 100%
        if (!type.equals("barchart") && (!defaults.has("max") || defaults.path("max").asDouble() != full)) {
            problems.add("a ratio (" + unit + ") must set max " + (full == 1 ? "1" : "100"));
        }
    }

    private static void query(JsonNode target, String expr, List<String> problems) {
        Matcher series = SERIES.matcher(expr);
        while (series.find()) {
            String selector = series.group(2) == null ? "" : series.group(2);
            if (!selector.contains("job=~\"$job\"") || !selector.contains("instance=~\"$instance\"")) {
                problems.add(series.group(1) + " is not filtered by $job and $instance");
            }
        }
        Matcher rate = RATE.matcher(expr);
        while (rate.find()) {
            if (!rate.group(1).equals("$__rate_interval")) {
                problems.add("rate over [" + rate.group(1) + "] instead of [$__rate_interval]");
            }
        }
        if (BUCKETS.matcher(expr).find() && !expr.contains("histogram_quantile")
                && !target.path("format").asText().equals("heatmap")) {
            problems.add("plots cumulative histogram buckets: use format heatmap so each bar counts its bucket");
        }
        if (expr.startsWith("ml_model_info") && !(target.path("instant").asBoolean()
                && target.path("format").asText().equals("table"))) {
            problems.add("the model version must be an instant query formatted as a table");
        }
    }
}

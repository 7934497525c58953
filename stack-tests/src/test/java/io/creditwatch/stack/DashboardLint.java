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
 */
final class DashboardLint {

    private static final Set<String> COLOURED_BY_VALUE = Set.of("stat", "gauge", "bargauge");
    /** A series of ours or of the JVM; its selector must carry the dashboard's job and instance. */
    private static final Pattern SERIES = Pattern.compile("\\b((?:ml|system|process|jvm)_[a-z0-9_:]+|up)\\b(\\{[^}]*})?");
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
            row(panel, problems);
            return problems;
        }
        JsonNode defaults = panel.at("/fieldConfig/defaults");
        if (panel.path("description").asText().isBlank()) {
            problems.add("no description");
        }
        if (!panel.at("/datasource/uid").asText().equals(GrafanaProvisioningTests.PANEL_DATASOURCE)) {
            problems.add("datasource is not the dashboard's ${datasource} variable");
        }
        if (defaults.path("unit").asText().isBlank()) {
            problems.add("no unit");
        }
        thresholds(type, defaults, problems);
        ratioRange(type, defaults, problems);
        if (panel.path("targets").isEmpty()) {
            problems.add("no query");
        }
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

    /** A row only titles the panels below it; collapsed, it would hold them out of every check here. */
    private static void row(JsonNode panel, List<String> problems) {
        if (panel.path("title").asText().isBlank()) {
            problems.add("a row without a title");
        }
        if (panel.path("collapsed").asBoolean() || !panel.path("panels").isEmpty()) {
            problems.add("a collapsed row: the panels it holds are not linted or queried; keep it open");
        }
        if (panel.has("targets")) {
            problems.add("a row with queries");
        }
    }

    private static void thresholds(String type, JsonNode defaults, List<String> problems) {
        JsonNode steps = defaults.at("/thresholds/steps");
        if (steps.isEmpty()) {
            problems.add("no explicit thresholds: Grafana would colour it green below 80 and red above");
            return;
        }
        if (steps.size() == 2 && steps.get(0).path("color").asText().equals("green")
                && steps.get(1).path("color").asText().equals("red") && steps.get(1).path("value").asDouble() == 80) {
            problems.add("keeps Grafana's default thresholds (red at 80)");
        }
        if (!steps.get(0).path("value").isNull()) {
            problems.add("the first threshold step must be the base (value null)");
        }
        if (COLOURED_BY_VALUE.contains(type) && !defaults.at("/color/mode").asText().equals("thresholds")) {
            problems.add("a " + type + " panel must take its colour from its thresholds");
        }
        String style = defaults.at("/custom/thresholdsStyle/mode").asText("off");
        if (!style.equals("off") && steps.size() < 2) {
            problems.add("draws thresholds but has no threshold above the base");
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
        if (expr.isBlank()) {
            problems.add("an empty query");
            return;
        }
        if (!target.at("/datasource/uid").asText().equals(GrafanaProvisioningTests.PANEL_DATASOURCE)) {
            problems.add("query " + target.path("refId").asText() + " does not use the ${datasource} variable");
        }
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

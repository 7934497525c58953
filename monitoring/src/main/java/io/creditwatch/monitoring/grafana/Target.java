package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One PromQL query of a panel. Its {@code refId} is given by the panel (A, B, ... in order) and its
 * datasource is always the dashboard's {@code ${datasource}} variable.
 */
public final class Target {

    private final String expr;
    private String legendFormat = "";
    private boolean instant;
    private String format;

    private Target(String expr) {
        if (expr.isBlank()) {
            throw new IllegalArgumentException("an empty query");
        }
        this.expr = expr;
    }

    /** A range query of the expression. */
    public static Target expr(String expr) {
        return new Target(expr);
    }

    /** The series' name in the legend, with {@code {{label}}} placeholders. */
    public Target legend(String legendFormat) {
        this.legendFormat = legendFormat;
        return this;
    }

    /** Evaluated once at the end of the range (tables, stats of "now"). */
    public Target instant() {
        this.instant = true;
        return this;
    }

    /** {@code table} or {@code heatmap}; Grafana's default is a time series. */
    public Target format(String format) {
        this.format = format;
        return this;
    }

    ObjectNode build(String refId) {
        ObjectNode target = Json.object("refId", refId, "datasource", Dashboard.datasourceVariable(), "expr", expr,
                "legendFormat", legendFormat);
        if (instant) {
            target.put("instant", true);
        }
        if (format != null) {
            target.put("format", format);
        }
        return target;
    }
}

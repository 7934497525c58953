package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A dashboard: fixed uid, not editable, UTC, its variables, and panels laid out in the order they
 * are added, left to right on Grafana's 24 columns, a panel that does not fit starting the next
 * line and a {@link #row} starting a line of its own. Panel ids are numbered in that order.
 */
public final class Dashboard {

    private static final int COLUMNS = 24;

    private final String uid;
    private final String title;
    private String description = "";
    private final List<String> tags = new ArrayList<>();
    private int version = 1;
    private ArrayNode variables = Json.array();
    private final List<Object> items = new ArrayList<>();

    private Dashboard(String uid, String title) {
        this.uid = uid;
        this.title = title;
    }

    public static Dashboard builder(String uid, String title) {
        return new Dashboard(uid, title);
    }

    /** The datasource every panel and query names: the dashboard's {@code datasource} variable. */
    static ObjectNode datasourceVariable() {
        return Json.object("type", "prometheus", "uid", "${datasource}");
    }

    public Dashboard description(String description) {
        this.description = description;
        return this;
    }

    public Dashboard tags(String... tags) {
        this.tags.addAll(List.of(tags));
        return this;
    }

    /** The dashboard's version number, raised when a change is worth telling its readers about. */
    public Dashboard version(int version) {
        this.version = version;
        return this;
    }

    /** The template variables, in their order on the dashboard. */
    public Dashboard variables(ArrayNode variables) {
        this.variables = variables.deepCopy();
        return this;
    }

    public Dashboard panel(Panel panel) {
        items.add(panel);
        return this;
    }

    /** A full-width open row titling the panels after it, up to the next row. */
    public Dashboard row(String rowTitle) {
        if (rowTitle.isBlank()) {
            throw new IllegalArgumentException("a row without a title");
        }
        items.add(rowTitle);
        return this;
    }

    public ObjectNode build() {
        ObjectNode dashboard = Json.object("uid", uid, "title", title, "description", description, "tags",
                Json.array(tags.toArray()), "timezone", "utc", "schemaVersion", 39, "version", version, "editable",
                false, "refresh", "30s", "time", Json.object("from", "now-6h", "to", "now"));
        dashboard.set("templating", Json.object("list", variables.deepCopy()));
        dashboard.set("annotations", Json.object("list", Json.array()));
        ArrayNode panels = dashboard.putArray("panels");
        Set<String> titles = new HashSet<>();
        int x = 0, y = 0, lineHeight = 0, id = 1;
        for (Object item : items) {
            if (item instanceof String rowTitle) {
                y += lineHeight;
                panels.add(Json.object("id", id++, "title", rowTitle, "type", "row", "collapsed", false, "panels",
                        Json.array(), "gridPos", Panel.gridPos(0, y, COLUMNS, 1)));
                x = 0;
                y += 1;
                lineHeight = 0;
                continue;
            }
            Panel panel = (Panel) item;
            if (!titles.add(panel.title())) {
                throw new IllegalStateException(title + ": two panels titled " + panel.title());
            }
            if (x + panel.width() > COLUMNS) {
                y += lineHeight;
                x = 0;
                lineHeight = 0;
            }
            panels.add(panel.build(id++, x, y));
            x += panel.width();
            lineHeight = Math.max(lineHeight, panel.height());
        }
        return dashboard;
    }
}

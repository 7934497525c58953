package io.creditwatch.monitoring.grafana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The template variables every dashboard shares, written once: the Prometheus datasource
 * (defaulting to the provisioned one) and the job and instance to show, each "All" by default,
 * several selectable, "All" sent as {@code .*} so that a replica gone since is still matched.
 */
public final class Variables {

    private Variables() {
    }

    /**
     * @param datasourceUid the provisioned datasource's uid, the default choice
     * @param jobMetric a series every scraped service exposes, whose labels list the jobs and instances
     */
    public static ArrayNode datasourceJobAndInstance(String datasourceUid, String jobMetric) {
        ObjectNode datasource = Json.object("name", "datasource", "label", "Data source", "type", "datasource", "query",
                "prometheus", "current", Json.object("selected", true, "text", "Prometheus", "value", datasourceUid),
                "hide", 0, "refresh", 1);
        return Json.array(datasource, labelValues("job", "Job", "label_values(" + jobMetric + ", job)"),
                labelValues("instance", "Instance", "label_values(" + jobMetric + "{job=~\"$job\"}, instance)"));
    }

    private static ObjectNode labelValues(String name, String label, String query) {
        return Json.object("name", name, "label", label, "type", "query", "datasource", Dashboard.datasourceVariable(),
                "definition", query, "query", Json.object("query", query, "refId", name), "includeAll", true, "multi",
                true, "allValue", ".*", "current",
                Json.object("selected", true, "text", Json.array("All"), "value", Json.array("$__all")), "refresh", 2,
                "sort", 1, "hide", 0);
    }
}

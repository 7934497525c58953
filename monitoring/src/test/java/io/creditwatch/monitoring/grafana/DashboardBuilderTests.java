package io.creditwatch.monitoring.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What the builders guarantee, so that no dashboard has to be checked for it afterwards. */
class DashboardBuilderTests {

    private static Panel cpu(String title) {
        return Panel.timeseries(title).description("CPU").unit("percent")
                .thresholds(Thresholds.base("green").step("orange", 80))
                .target(Target.expr("system_cpu_usage_percent"));
    }

    @Test
    void panelsFlowLeftToRightAndARowStartsALine() {
        ObjectNode dashboard = Dashboard.builder("uid", "Title").panel(cpu("a").size(12, 8)).panel(cpu("b").size(12, 6))
                .panel(cpu("c").size(6, 4)).row("Below").panel(cpu("d").size(24, 8)).build();

        JsonNode panels = dashboard.path("panels");
        assertThat(panels).extracting(panel -> panel.at("/gridPos/x").asInt() + "," + panel.at("/gridPos/y").asInt())
                .containsExactly("0,0", "12,0", "0,8", "0,12", "0,13");
        assertThat(panels).extracting(panel -> panel.path("id").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(panels.get(3).path("type").asText()).isEqualTo("row");
        assertThat(panels.get(3).path("collapsed").asBoolean()).isFalse();
        assertThat(panels.get(3).path("panels")).isEmpty();
    }

    @Test
    void everyPanelAndQueryUsesTheDatasourceVariable() {
        JsonNode panel = Dashboard.builder("uid", "Title")
                .panel(cpu("a").target(Target.expr("up").legend("{{instance}}").instant().format("table"))).build()
                .at("/panels/0");

        assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).extracting(target -> target.path("refId").asText()).containsExactly("A", "B");
        assertThat(panel.path("targets"))
                .allMatch(target -> target.at("/datasource/uid").asText().equals("${datasource}"));
        assertThat(panel.at("/targets/1/instant").asBoolean()).isTrue();
        assertThat(panel.at("/targets/1/format").asText()).isEqualTo("table");
        assertThat(panel.at("/fieldConfig/defaults/thresholds/steps/0/value").isNull()).isTrue();
        assertThat(panel.at("/fieldConfig/defaults/thresholds/steps/1/value").toString()).isEqualTo("80");
    }

    @Test
    void aPanelWithoutDescriptionUnitThresholdsOrQueryIsRefused() {
        assertThatThrownBy(() -> Dashboard.builder("u", "T").panel(
                Panel.stat("no description").unit("none").thresholds(Thresholds.base("blue")).target(Target.expr("up")))
                .build()).hasMessageContaining("description");
        assertThatThrownBy(() -> Dashboard.builder("u", "T").panel(
                Panel.stat("no unit").description("d").thresholds(Thresholds.base("blue")).target(Target.expr("up")))
                .build()).hasMessageContaining("unit");
        assertThatThrownBy(() -> Dashboard.builder("u", "T")
                .panel(Panel.stat("no thresholds").description("d").unit("none").target(Target.expr("up"))).build())
                .hasMessageContaining("thresholds");
        assertThatThrownBy(() -> Dashboard.builder("u", "T")
                .panel(Panel.stat("no query").description("d").unit("none").thresholds(Thresholds.base("blue")))
                .build()).hasMessageContaining("query");
        assertThatThrownBy(() -> Dashboard.builder("u", "T")
                .panel(cpu("x").thresholds(Thresholds.base("blue")).drawThresholds("dashed")).build())
                .hasMessageContaining("no step above the base");
        assertThatThrownBy(() -> Dashboard.builder("u", "T").panel(cpu("twice")).panel(cpu("twice")).build())
                .hasMessageContaining("two panels titled twice");
        assertThatThrownBy(() -> Target.expr(" ")).hasMessageContaining("empty query");
        assertThatThrownBy(() -> Dashboard.builder("u", "T").row("")).hasMessageContaining("without a title");
    }

    @Test
    void aColumnIsAnInstantTableQueryWhoseValueColumnIsRenamed() {
        JsonNode table = Dashboard.builder("u", "T")
                .panel(Panel.table("t").description("d").unit("none").thresholds(Thresholds.base("blue"))
                        .target(Target.expr("up")).column("second", "up", Panel.property("unit", "short")))
                .build().at("/panels/0");

        assertThat(table.at("/targets/1/legendFormat").asText()).isEqualTo("second");
        assertThat(table.at("/targets/1/instant").asBoolean()).isTrue();
        assertThat(table.at("/targets/1/format").asText()).isEqualTo("table");
        assertThat(table.at("/fieldConfig/overrides/0").toString())
                .isEqualTo("{\"matcher\":{\"id\":\"byName\",\"options\":\"Value #B\"},\"properties\":["
                        + "{\"id\":\"displayName\",\"value\":\"second\"},{\"id\":\"unit\",\"value\":\"short\"}]}");
    }

    @Test
    void statPanelsTakeTheirColourFromTheirThresholds() {
        JsonNode stat = Dashboard
                .builder("u", "T").panel(Panel.stat("s").description("d").unit("none")
                        .thresholds(Thresholds.base("red").step("green", 1)).target(Target.expr("up")))
                .build().at("/panels/0");

        assertThat(stat.at("/fieldConfig/defaults/color/mode").asText()).isEqualTo("thresholds");
    }
}

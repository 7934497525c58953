package io.creditwatch.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A promtool rule test over the project's own rule files (those prometheus.yml names), evaluated
 * every minute over input series that hold an exporter's scraped values: what the live rules would
 * do with those figures over more time than a test can wait.
 */
final class RuleTestFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode test = YAML.createObjectNode();
    private final ArrayNode expressions;

    /** @param inputSeries promtool input: series (name and labels) to its values, e.g. {@code 0.5+0x30} */
    RuleTestFile(Map<String, String> inputSeries) throws IOException {
        ArrayNode ruleFiles = test.putArray("rule_files");
        Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml")).path("rule_files")
                .forEach(file -> ruleFiles.add(Tools.ROOT.resolve("prometheus").resolve(file.asText()).toString()));
        test.put("evaluation_interval", "1m");
        ObjectNode suite = test.putArray("tests").addObject().put("interval", "1m");
        ArrayNode input = suite.putArray("input_series");
        inputSeries.forEach((series, values) -> input.addObject().put("series", series).put("values", values));
        expressions = suite.putArray("promql_expr_test");
    }

    /** At {@code evalTime} the expression has no sample. */
    RuleTestFile expectNone(String expr, String evalTime) {
        expressions.addObject().put("expr", expr).put("eval_time", evalTime).putArray("exp_samples");
        return this;
    }

    /** At {@code evalTime} the expression has one sample, without labels, of this value. */
    RuleTestFile expectValue(String expr, String evalTime, int value) {
        expressions.addObject().put("expr", expr).put("eval_time", evalTime).putArray("exp_samples").addObject()
                .put("value", value);
        return this;
    }

    /** Runs promtool on the test, written to {@code file}. */
    Tools.Result run(Path file) throws IOException {
        YAML.writeValue(file.toFile(), test);
        return Tools.run(file.getParent(), "promtool", "test", "rules", file.toString());
    }

    /**
     * The exporter's series that {@code series} matches (name, labels, value), each with the job's
     * label and an instance named {@code instance}, held at its scraped value for {@code minutes}.
     */
    static Map<String, String> scraped(LocalProcess exporter, String instance, Pattern series, int minutes) {
        Map<String, String> held = new TreeMap<>();
        Matcher matcher = series.matcher(exporter.get("/metrics").body());
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(3));
            if (Double.isFinite(value)) {
                String labels = matcher.group(2).isEmpty() || matcher.group(2).endsWith(",")
                        ? matcher.group(2) : matcher.group(2) + ",";
                held.put(matcher.group(1) + "{" + labels + "job=\"metrics-exporter\",instance=\"" + instance + "\"}",
                        new BigDecimal(value).toPlainString() + "+0x" + minutes);
            }
        }
        return held;
    }
}

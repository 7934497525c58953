package io.creditwatch.monitoring.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes alerting rules as a Prometheus rule file, in the layout a person would write: each
 * rule's comment above it, a multi-line expression as a block, descriptions double-quoted, and
 * every {@code runbook_url} built from the one base.
 */
public final class RuleFile {

    /** A scalar YAML reads back as the same string when written bare. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z(][^\\n]*[^ :]");
    private static final int COMMENT_WIDTH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleFile() {
    }

    public static String write(List<RuleGroup> groups, String header,
                               java.util.function.Function<String, String> runbookUrl) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(line -> out.append("# ").append(line).append('\n'));
        out.append("groups:\n");
        for (int g = 0; g < groups.size(); g++) {
            RuleGroup group = groups.get(g);
            if (g > 0) {
                out.append('\n');
            }
            out.append("  - name: ").append(group.name()).append("\n    rules:\n");
            for (int r = 0; r < group.alerts().size(); r++) {
                Alert alert = group.alerts().get(r);
                if (r > 0) {
                    out.append('\n');
                }
                for (String line : wrap(alert.comment(), COMMENT_WIDTH - 8)) {
                    out.append("      # ").append(line).append('\n');
                }
                out.append("      - alert: ").append(alert.name()).append('\n');
                String expr = alert.expr();
                if (expr.contains("\n")) {
                    out.append("        expr: |\n");
                    expr.lines().forEach(line -> out.append(line.isEmpty() ? "" : "          " + line).append('\n'));
                } else {
                    out.append("        expr: ").append(scalar(expr)).append('\n');
                }
                if (alert.holdFor() != null) {
                    out.append("        for: ").append(alert.holdFor()).append('\n');
                }
                out.append("        labels:\n          severity: ").append(alert.severity()).append('\n');
                for (Map.Entry<String, String> label : alert.labels().entrySet()) {
                    out.append("          ").append(label.getKey()).append(": ").append(scalar(label.getValue()))
                            .append('\n');
                }
                out.append("        annotations:\n").append("          summary: ").append(scalar(alert.summary()))
                        .append('\n').append("          description: ").append(quoted(alert.description())).append('\n')
                        .append("          runbook_url: ").append(runbookUrl.apply(alert.name())).append('\n');
            }
        }
        return out.toString();
    }

    private static String scalar(String value) {
        return PLAIN.matcher(value).matches() && !value.contains(": ") && !value.contains(" #") ? value : quoted(value);
    }

    /** A JSON string is a YAML double-quoted scalar. */
    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The words of {@code text} in lines of at most {@code width} characters (a comment block). */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}

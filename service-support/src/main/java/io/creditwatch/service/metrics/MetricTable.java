package io.creditwatch.service.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric table of the docs, as the catalogue tests read it: the series named (back-quoted) in
 * the first column of each row under a heading, up to the next heading, each with the label keys
 * named in the second column. A row may name several series; they share its labels.
 */
public final class MetricTable {

    private static final Pattern NAME = Pattern.compile("`([a-z][a-z0-9_:]*)`");

    private MetricTable() {
    }

    /** The documented series under {@code heading} (a whole line, such as {@code ## Metrics}) and their label keys. */
    public static Map<String, Set<String>> read(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("no section " + heading);
        }
        Map<String, Set<String>> series = new LinkedHashMap<>();
        for (String line : markdown.substring(start + heading.length() + 2).split("\n")) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] columns = line.split("\\|");
            Set<String> labels = names(columns.length > 2 ? columns[2] : "");
            for (String name : names(columns[1])) {
                if (series.put(name, labels) != null) {
                    throw new IllegalArgumentException(name + " is in two rows under " + heading);
                }
            }
        }
        return series;
    }

    private static Set<String> names(String column) {
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(column);
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }
}

package io.creditwatch.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric tables of docs/api.md and docs/monitoring.md against what a service really exports: every series of ours is
 * documented, every documented series exists, and each has {@code # HELP} text.
 */
final class MetricTables {

    /** Meters Micrometer and Spring Boot provide, documented in docs/api.md by prefix and name. */
    private static final List<String> STANDARD_PREFIXES = List.of("jvm_", "process_", "tomcat_", "logback_",
            "executor_", "hikaricp_", "jdbc_", "disk_", "application_", "http_server_", "tasks_");
    private static final Set<String> STANDARD_NAMES = Set.of("system_cpu_count", "system_cpu_usage",
            "system_load_average_1m");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
    private static final Pattern HELP = Pattern.compile("(?m)^# HELP (\\S+) ?(.*)$");
    private static final Pattern NAME = Pattern.compile("`([a-z][a-z0-9_:]*)`");

    private MetricTables() {
    }

    /** The metric families of a scrape, with their {@code # HELP} text. */
    static Map<String, String> families(String scrape) {
        Map<String, String> help = new LinkedHashMap<>();
        Matcher helpLines = HELP.matcher(scrape);
        while (helpLines.find()) {
            help.put(helpLines.group(1), helpLines.group(2).trim());
        }
        Map<String, String> types = new LinkedHashMap<>();
        Matcher typeLines = TYPE.matcher(scrape);
        while (typeLines.find()) {
            types.put(typeLines.group(1), typeLines.group(2));
        }
        Map<String, String> families = new LinkedHashMap<>();
        types.forEach((name, type) -> {
            String base = name.endsWith("_max") ? name.substring(0, name.length() - 4) : name;
            // Micrometer's _max gauge belongs to the histogram it accompanies
            if (!base.equals(name) && "histogram".equals(types.get(base))) {
                return;
            }
            families.put(name, help.getOrDefault(name, ""));
        });
        return families;
    }

    /** Series named in the first column of the tables under {@code heading}, up to the next heading. */
    static Set<String> documented(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new AssertionError("no section " + heading);
        }
        Set<String> names = new TreeSet<>();
        for (String line : readme.substring(start + heading.length() + 2).split("\n")) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| `")) {
                Matcher name = NAME.matcher(line.split("\\|")[1]);
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }

    /** Whether a family is one of ours (to be documented) rather than a standard meter. */
    static boolean isStandard(String family) {
        return STANDARD_NAMES.contains(family) || STANDARD_PREFIXES.stream().anyMatch(family::startsWith);
    }
}

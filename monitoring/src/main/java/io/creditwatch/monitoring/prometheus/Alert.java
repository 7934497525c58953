package io.creditwatch.monitoring.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Prometheus alerting rule: name, severity, expression, how long it must hold, extra labels,
 * a static summary and a templated description. Its {@code runbook_url} is not set here: the rule
 * file adds it from the configured base, so that no rule can link elsewhere.
 */
public final class Alert {

    private final String name;
    private final String severity;
    private String comment = "";
    private String expr;
    private String holdFor;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String summary;
    private String description;
    private final List<String> settings = new ArrayList<>();

    private Alert(String name, String severity) {
        if (!severity.equals("critical") && !severity.equals("warning")) {
            throw new IllegalArgumentException(name + ": severity " + severity);
        }
        this.name = name;
        this.severity = severity;
    }

    public static Alert named(String name, String severity) {
        return new Alert(name, severity);
    }

    /** Why the rule is as it is, written above it in the rule file. */
    public Alert comment(String comment) {
        this.comment = comment;
        return this;
    }

    public Alert expr(String expr) {
        this.expr = expr.strip();
        return this;
    }

    /** The rule's {@code for}: how long the condition holds before the alert fires. */
    public Alert holdFor(String duration) {
        this.holdFor = duration;
        return this;
    }

    public Alert label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public Alert summary(String summary) {
        if (summary.contains("{{")) {
            throw new IllegalArgumentException(name + ": the summary is static; the value belongs in the description");
        }
        this.summary = summary;
        return this;
    }

    public Alert description(String description) {
        this.description = description;
        return this;
    }

    /** The keys of monitoring/config.yml's {@code thresholds} the rule's expression takes its values from. */
    public Alert setting(String... keys) {
        settings.addAll(List.of(keys));
        return this;
    }

    public List<String> settings() {
        return List.copyOf(settings);
    }

    /** The expression on one line, for a table. */
    public String condition() {
        return expr().replaceAll("\\s+", " ");
    }

    public String name() {
        return name;
    }

    public String severity() {
        return severity;
    }

    String comment() {
        return comment;
    }

    String expr() {
        return Objects.requireNonNull(expr, name + ": no expr");
    }

    /** The rule's {@code for}, or null when it fires at once. */
    public String holdFor() {
        return holdFor;
    }

    Map<String, String> labels() {
        return labels;
    }

    public String summary() {
        return Objects.requireNonNull(summary, name + ": no summary");
    }

    String description() {
        return Objects.requireNonNull(description, name + ": no description");
    }
}

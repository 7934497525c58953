package io.creditwatch.monitoring.prometheus;

import java.util.List;

/** A named group of alerting rules, evaluated together. */
public record RuleGroup(String name, List<Alert> alerts) {
}

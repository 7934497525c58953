package io.creditwatch.service.metrics;

import io.micrometer.core.instrument.Meter;

import java.util.List;

/**
 * How a catalogued meter is built, and what that makes of its name in a Prometheus scrape:
 * Micrometer adds {@code _total} to counters and {@code _seconds} to timers, and a histogram's
 * family is scraped as its {@code _bucket}, {@code _count} and {@code _sum} series (with Micrometer's
 * {@code _max} gauge beside them).
 */
public enum MeterKind {

    COUNTER(Meter.Type.COUNTER, "_total", "counter"),
    /** A counter that reads a monotonically increasing count another object keeps, instead of keeping its own. */
    FUNCTION_COUNTER(Meter.Type.COUNTER, "_total", "counter"),
    GAUGE(Meter.Type.GAUGE, "", "gauge"),
    /** Micrometer's timer, recorded in seconds: a histogram with Micrometer's {@code _max}. */
    TIMER(Meter.Type.TIMER, "_seconds", "histogram"),
    /** Micrometer's distribution summary: a histogram with Micrometer's {@code _max}. */
    DISTRIBUTION_SUMMARY(Meter.Type.DISTRIBUTION_SUMMARY, "", "histogram"),
    /** A Prometheus client histogram registered beside Micrometer's meters: no {@code _max}. */
    PROMETHEUS_HISTOGRAM(Meter.Type.DISTRIBUTION_SUMMARY, "", "histogram");

    private final Meter.Type type;
    private final String suffix;
    private final String prometheusType;

    MeterKind(Meter.Type type, String suffix, String prometheusType) {
        this.type = type;
        this.suffix = suffix;
        this.prometheusType = prometheusType;
    }

    public Meter.Type type() {
        return type;
    }

    /** The {@code # TYPE} a scrape gives the family. */
    public String prometheusType() {
        return prometheusType;
    }

    /** Micrometer's base unit for the kind: seconds for timers, none otherwise. */
    public String baseUnit() {
        return this == TIMER ? "seconds" : null;
    }

    /** The metric family a scrape shows for a meter of this kind with this dot-separated name. */
    public String prometheusName(String name) {
        return name.replace('.', '_') + suffix;
    }

    /** The series of a family of this kind: the family itself, or a histogram's buckets, count, sum (and max). */
    public List<String> seriesNames(String family) {
        return switch (this) {
            case TIMER, DISTRIBUTION_SUMMARY ->
                List.of(family + "_bucket", family + "_count", family + "_sum", family + "_max");
            case PROMETHEUS_HISTOGRAM -> List.of(family + "_bucket", family + "_count", family + "_sum");
            case COUNTER, FUNCTION_COUNTER, GAUGE -> List.of(family);
        };
    }
}

package io.creditwatch.metrics.monitoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What the exporter compares and how often.
 *
 * @param modelPath       the bundle whose reference profile and model card live traffic is compared with
 * @param cycleInterval   pause between monitoring cycles
 * @param driftWindow     how many of the newest predictions drift and data quality are computed over
 * @param qualityWindow   how many of the newest labels model quality is computed over
 * @param minDriftRows    fewer predictions in the window and drift and data quality are not published
 * @param minLabels       fewer labels in the window and live model quality is not published
 * @param maxRowsPerCycle most rows one cycle reads, so that a backlog is caught up over several cycles
 * @param diskPath        the file system whose usage {@code system_disk_usage_percent} reports
 */
@ConfigurationProperties("exporter")
public record ExporterProperties(String modelPath, @DefaultValue("15s") Duration cycleInterval,
                                 @DefaultValue("10000") int driftWindow, @DefaultValue("5000") int qualityWindow,
                                 @DefaultValue("500") int minDriftRows, @DefaultValue("100") int minLabels,
                                 @DefaultValue("200000") int maxRowsPerCycle, @DefaultValue("/") String diskPath) {
}

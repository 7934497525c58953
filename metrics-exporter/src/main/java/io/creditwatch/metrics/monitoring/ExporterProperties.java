package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.monitoring.ValidationSettings;
import io.creditwatch.model.stats.TrafficLight;
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
 * @param lateCommitPatience how long a position skipped by the rows read is watched for a row
 *                        committed late (with several writers on PostgreSQL), before it is taken
 *                        to be empty for good
 * @param validation      how much evidence the credit-risk validation tests need, and their traffic-light levels
 * @param vintages        how many application months the vintages keep, and when the seasoning curve is
 *                        estimated from the store
 */
@ConfigurationProperties("exporter")
public record ExporterProperties(String modelPath, @DefaultValue("15s") Duration cycleInterval,
                                 @DefaultValue("10000") int driftWindow, @DefaultValue("5000") int qualityWindow,
                                 @DefaultValue("500") int minDriftRows, @DefaultValue("100") int minLabels,
                                 @DefaultValue("200000") int maxRowsPerCycle, @DefaultValue("/") String diskPath,
                                 @DefaultValue("60s") Duration lateCommitPatience,
                                 @DefaultValue Validation validation, @DefaultValue Vintages vintages) {

    /**
     * The vintages (see {@code docs/credit-validation.md}).
     *
     * @param cohorts              the newest application months kept, the current one included
     * @param minSeasoningDefaults dated defaults of complete cohorts from which the seasoning curve is
     *                             estimated from the store instead of taken from the model card
     */
    public record Vintages(@DefaultValue("36") int cohorts, @DefaultValue("300") int minSeasoningDefaults) {
    }

    /**
     * The credit-risk validation tests over the quality window (see {@code docs/credit-validation.md}).
     *
     * @param minLabels      labelled predictions below which no validation test is published
     * @param minDefaults    defaults, and non-defaults, the AUC test needs at least
     * @param minGradeLabels labelled predictions a grade needs to be tested on its own
     * @param yellowLevel    p-value at or below which a test is yellow (significant at 95%)
     * @param redLevel       p-value at or below which a test is red (significant at 99.9%)
     */
    public record Validation(@DefaultValue("500") int minLabels, @DefaultValue("20") int minDefaults,
                             @DefaultValue("50") int minGradeLabels, @DefaultValue("0.05") double yellowLevel,
                             @DefaultValue("0.001") double redLevel) {

        ValidationSettings settings() {
            return new ValidationSettings(minLabels, minDefaults, minGradeLabels,
                    new TrafficLight.Levels(yellowLevel, redLevel));
        }
    }
}

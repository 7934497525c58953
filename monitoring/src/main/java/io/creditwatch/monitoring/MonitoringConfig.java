package io.creditwatch.monitoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one configuration of the monitoring, read from {@code monitoring/config.yml}: the runbook's
 * base URL, the provisioned datasource's uid and every alert threshold. The Prometheus alert rules,
 * the Grafana-managed alerts, the thresholds drawn on the dashboards and the texts that quote them
 * are all generated from it; an unknown or missing key is an error, not a default.
 *
 * @param runbookBase absolute URL of docs/runbook.md; each alert links to {@code <base>#<name in lower case>}
 * @param datasourceUid uid of the Prometheus datasource Grafana provisions
 * @param thresholds the alert thresholds
 */
public record MonitoringConfig(String runbookBase, String datasourceUid, AlertThresholds thresholds) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public MonitoringConfig {
        Objects.requireNonNull(runbookBase, "runbook-base");
        if (!runbookBase.matches("https?://[^#|\\s]+")) {
            throw new IllegalArgumentException(
                    "runbook-base must be an absolute http(s) URL without '#', '|' or spaces: " + runbookBase);
        }
        Objects.requireNonNull(datasourceUid, "datasource-uid");
        Objects.requireNonNull(thresholds, "thresholds");
        for (RecordComponent component : AlertThresholds.class.getRecordComponents()) {
            try {
                Objects.requireNonNull(component.getAccessor().invoke(thresholds), "thresholds: no "
                        + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static MonitoringConfig read(Path file) {
        try {
            return YAML.readValue(file.toFile(), MonitoringConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The same configuration with another runbook base. */
    public MonitoringConfig withRunbookBase(String base) {
        return new MonitoringConfig(base, datasourceUid, thresholds);
    }

    /** The link of an alert: its section of the runbook. */
    public String runbookUrl(String alertName) {
        return runbookBase + "#" + alertName.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A warning and a critical threshold of one condition; either may be absent when the
     * condition has one severity only.
     */
    public record Level(Double warning, Double critical) {

        public Level {
            if (warning == null && critical == null) {
                throw new IllegalArgumentException("a threshold needs a warning or a critical value");
            }
        }

        public double warningValue() {
            return Objects.requireNonNull(warning, "no warning threshold");
        }

        public double criticalValue() {
            return Objects.requireNonNull(critical, "no critical threshold");
        }
    }

    /**
     * Every threshold an alert fires at, in the unit of the series it compares (percent, seconds,
     * a PSI, a ratio).
     */
    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    public record AlertThresholds(Level errorRatePercent, Level clientErrorRatePercent, Level latencyP99Seconds,
                                  Level exporterCycleAgeSeconds, Level feedbackAuthenticationFailures, Level accuracy,
                                  int earlyDefaultsMinApplications, Level featurePsi, Level scorePsi,
                                  Level attributionNdcg, Level challengerPValue,
                                  Level missingValuesPointsAboveReference, Level outliersTimesReference,
                                  Level outliersPointsAboveReference, Level cpuPercent, Level memoryPercent,
                                  Level diskPercent, Level predictionVolumeShareOfLastWeek,
                                  Level approvalRateShiftPoints, Level riskBandShiftPoints) {
    }
}

package io.creditwatch.metrics.monitoring;

import io.creditwatch.service.metrics.MetricTable;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The catalogue against the tables of docs/monitoring.md, and against what a scrape shows of the
 * meters the exporter registers at start.
 */
class ExporterMeterTests {

    private static final String CHALLENGER = "ml.challenger.";

    /**
     * The main table leaves out {@code model_version} (the text says every series about the model carries
     * it); the champion/challenger table also leaves out {@code challenger_version}, which all its series carry.
     */
    @Test
    void theTablesOfTheMonitoringDocsAreTheCatalogue() throws IOException {
        String doc = Files.readString(Path.of("../docs/monitoring.md"));
        Map<String, Set<String>> computed = MetricTable.read(doc, "## What it computes");
        Map<String, Set<String>> challenger = MetricTable.read(doc, "### Champion and challenger");
        Map<String, Set<String>> catalogued = new HashMap<>();
        for (ExporterMeter meter : ExporterMeter.values()) {
            Set<String> keys = new TreeSet<>(meter.tagKeys());
            keys.remove(ExporterMetrics.MODEL_VERSION);
            Map<String, Set<String>> table = computed;
            if (meter.getName().startsWith(CHALLENGER)) {
                assertThat(keys).as("labels of " + meter.getName()).contains(ExporterMetrics.CHALLENGER_VERSION);
                keys.remove(ExporterMetrics.CHALLENGER_VERSION);
                table = challenger;
            }
            assertThat(table.get(meter.prometheusName())).as("labels of " + meter.prometheusName() + " in its table of "
                    + "docs/monitoring.md").isEqualTo(keys);
            catalogued.put(meter.prometheusName(), keys);
        }
        assertThat(catalogued.keySet()).as("series documented in docs/monitoring.md")
                .containsAll(computed.keySet()).containsAll(challenger.keySet());
    }

    @Test
    void everySeriesButTheHostsAndTheExportersOwnIsAboutTheModel() {
        for (ExporterMeter meter : ExporterMeter.values()) {
            boolean own = meter.getName().startsWith("system.") || meter.getName().startsWith("ml.exporter.")
                    || meter == ExporterMeter.SERVICE_UPTIME_SECONDS;
            assertThat(meter.aboutTheModel()).as(meter.getName()).isEqualTo(!own);
            assertThat(meter.tagKeys().contains(ExporterMetrics.MODEL_VERSION)).as(meter.getName()).isEqualTo(!own);
        }
    }

    @Test
    void theExportersOwnMetersAreScrapedAsCatalogued() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ExporterMetrics metrics = new ExporterMetrics(registry);
        metrics.system(1, 2, 3, 4);
        metrics.cycle(false, 0.5, 1.0e9);
        String scrape = registry.scrape();
        for (ExporterMeter meter : Arrays.stream(ExporterMeter.values()).filter(meter -> !meter.aboutTheModel())
                .toList()) {
            assertThat(scrape).as(meter.getName())
                    .contains("# TYPE " + meter.prometheusName() + " " + meter.kind().prometheusType() + "\n")
                    .contains("# HELP " + meter.prometheusName() + " " + meter.description() + "\n");
        }
        assertThat(scrape).contains("ml_exporter_rows_processed_total{kind=\"predictions\"} 0.0");
    }

    @Test
    void aRowIsPublishedOnlyWithItsEntrysTagKeys() {
        AtomicLong value = new AtomicLong();
        assertThat(ExporterMeter.GRADE_SHARE.gauge(Tags.of("source", "live", "grade", "1", "model_version", "1.0.0"),
                value, AtomicLong::get)).isNotNull();
        assertThatIllegalArgumentException().isThrownBy(() -> ExporterMeter.GRADE_SHARE.gauge(Tags.of("source", "live"),
                value, AtomicLong::get));
        assertThatIllegalArgumentException().isThrownBy(() -> ExporterMeter.named("ml.model.unknown"));
        assertThat(ExporterMeter.MODEL_AUC_ROC.band("lower")).isEqualTo(ExporterMeter.MODEL_AUC_ROC_LOWER);
    }
}

package io.creditwatch.inference.metrics;

import io.creditwatch.model.schema.Feature;
import io.creditwatch.service.metrics.MetricTable;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The catalogue against what {@link InferenceMetrics} really registers (a Prometheus scrape of every
 * meter) and against the metric table of docs/api.md.
 */
class InferenceMeterTests {

    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
    private static final Pattern HELP = Pattern.compile("(?m)^# HELP (\\S+) (.*)$");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)\\{([^}]*)} ");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"");

    @Test
    void everyMeterIsScrapedAsItsEntrySays() {
        String scrape = scrapeOfEveryMeter();
        Map<String, String> types = groups(TYPE, scrape);
        Map<String, String> help = groups(HELP, scrape);
        Map<String, Set<String>> labels = labelKeys(scrape);
        for (InferenceMeter meter : InferenceMeter.values()) {
            String family = meter.prometheusName();
            assertThat(types).as("type of " + family).containsEntry(family, meter.kind().prometheusType());
            assertThat(help).as("# HELP of " + family).containsEntry(family, meter.description());
            for (String series : meter.seriesNames()) {
                assertThat(labels).as("labels of " + series).containsKey(series);
                Set<String> keys = new TreeSet<>(labels.get(series));
                keys.removeAll(Set.of("service", "le"));
                assertThat(keys).as("labels of " + series).isEqualTo(new TreeSet<>(meter.tagKeys()));
            }
        }
        Set<String> catalogued = Arrays.stream(InferenceMeter.values()).flatMap(meter -> meter.seriesNames().stream())
                .collect(Collectors.toSet());
        assertThat(labels.keySet().stream().filter(series -> series.startsWith("ml_")))
                .as("series of ours in the scrape").allMatch(catalogued::contains);
    }

    @Test
    void theMetricTableOfTheApiDocsIsTheCatalogue() throws IOException {
        Map<String, Set<String>> documented = MetricTable.read(Files.readString(Path.of("../docs/api.md")),
                "## Metrics");
        for (InferenceMeter meter : InferenceMeter.values()) {
            assertThat(documented.get(meter.prometheusName()))
                    .as("labels of " + meter.prometheusName() + " in docs/api.md")
                    .isEqualTo(new TreeSet<>(meter.tagKeys()));
        }
        Set<String> catalogued = Arrays.stream(InferenceMeter.values())
                .flatMap(meter -> Stream.concat(Stream.of(meter.prometheusName()),
                        meter.seriesNames().stream()))
                .collect(Collectors.toSet());
        assertThat(documented.keySet()).as("series documented in docs/api.md").allMatch(catalogued::contains);
    }

    @Test
    void queuedPredictionsAreTheCapturesOwnCount() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InferenceMetrics metrics = new InferenceMetrics(registry, new PrometheusRegistry(), new MetricsProperties());
        AtomicLong accepted = new AtomicLong(7);
        metrics.captureQueued(accepted);
        accepted.addAndGet(5);
        assertThat(registry.get(InferenceMeter.CAPTURE_QUEUED.getName()).functionCounter().count()).isEqualTo(12);
    }

    @Test
    void aMeterTakesOneValuePerCataloguedTagKey() {
        assertThat(InferenceMeter.REQUESTS.tags("/predict", "200").stream().map(Tag::getKey).toList())
                .containsExactly("endpoint", "status");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InferenceMeter.REQUESTS.counter("/predict"));
    }

    /** A scrape after every meter has been registered and recorded once. */
    private static String scrapeOfEveryMeter() {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus,
                Clock.SYSTEM);
        MetricsProperties properties = new MetricsProperties();
        properties.getTags().put("service", "ml-inference");
        registry.config().commonTags("service", "ml-inference");
        InferenceMetrics metrics = new InferenceMetrics(registry, prometheus, properties);
        metrics.modelChanged("v1", List.of("A", "B"));
        metrics.request("/predict", 200, 1_000_000);
        metrics.requestError("/predict", "invalid_json");
        metrics.prediction(1, 0.3, 600, "A");
        metrics.batch(1);
        metrics.missing(Feature.ALL.get(0));
        metrics.rejectedField("nonsense");
        metrics.captureRefusalReasons(List.of("queue_full"));
        metrics.captureRefused("queue_full", 1);
        metrics.captureCommitWait(1_000);
        metrics.captureQueued(new AtomicLong(1));
        metrics.captureWritten(1);
        metrics.captureDropped(1);
        metrics.captureWriteFailed();
        metrics.captureQueue(() -> 0);
        metrics.captureJournalBacklog(() -> 0);
        metrics.captureJournalBytes(() -> 0, 1024);
        metrics.captureJournalDamagedFiles(() -> 0);
        metrics.captureWriterUp(() -> 1);
        metrics.captureStoreWriteRate(() -> 0);
        metrics.feedback("accepted", 1);
        metrics.feedbackAuthentication(InferenceMetrics.AUTHENTICATION_FAILED);
        return registry.scrape();
    }

    private static Map<String, String> groups(Pattern pattern, String scrape) {
        Map<String, String> found = new HashMap<>();
        Matcher matcher = pattern.matcher(scrape);
        while (matcher.find()) {
            found.put(matcher.group(1), matcher.group(2));
        }
        return found;
    }

    /** Each series of the scrape with the label keys of its samples. */
    private static Map<String, Set<String>> labelKeys(String scrape) {
        Map<String, Set<String>> keys = new HashMap<>();
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            Set<String> labels = keys.computeIfAbsent(sample.group(1), name -> new HashSet<>());
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return keys;
    }
}

package io.creditwatch.inference.metrics;

import io.creditwatch.service.metrics.MeterKind;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.prometheus.metrics.core.metrics.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The catalogue of the inference service's meters: each one's name, type, base unit,
 * description (its {@code # HELP} text) and tag keys. {@link InferenceMetrics} builds every meter
 * from its entry here, and the metric table of docs/api.md ("## Metrics") is checked against
 * this catalogue by {@code InferenceMeterTests}.
 *
 * <p>Names are Micrometer's, dot-separated; {@link #prometheusName()} is the family a scrape
 * shows ({@code ml.requests} is {@code ml_requests_total}, {@code ml.request.duration} is
 * {@code ml_request_duration_seconds}). {@link #PROBABILITY} is the one meter not registered with
 * Micrometer: it is a Prometheus client histogram, because Micrometer's fixed-bucket histograms
 * round a recorded value up to a whole number before choosing its bucket, which would put every
 * probability in {@code le="1.0"}.
 *
 * <p>One meter is a {@link MeterKind#FUNCTION_COUNTER}: {@link #CAPTURE_QUEUED} reads the capture's
 * own count of predictions it accepted, which only grows, instead of being incremented beside it.
 * The other capture counters stay counters: written rows, dropped and refused predictions and
 * failed writes are counted nowhere else (the capture's {@code settled} count mixes written and
 * dropped rows, and the journal's and queue's counts go down as rows leave them, so they are
 * gauges).
 */
public enum InferenceMeter implements MeterDocumentation {

    REQUESTS("ml.requests", MeterKind.COUNTER, "Requests by endpoint and HTTP status", Key.ENDPOINT, Key.STATUS),
    REQUEST_DURATION("ml.request.duration", MeterKind.TIMER, "Request latency", Key.ENDPOINT),
    REQUEST_ERRORS("ml.request.errors", MeterKind.COUNTER, "Refused requests by endpoint and reason", Key.ENDPOINT,
            Key.REASON),
    PREDICTIONS("ml.predictions", MeterKind.COUNTER, "Predictions by predicted class", Key.CLASS),
    RISK_BANDS("ml.predictions.risk.band", MeterKind.COUNTER, "Predictions by risk band", Key.BAND),
    PROBABILITY("ml.prediction.probability", MeterKind.PROMETHEUS_HISTOGRAM, "Predicted probability of default"),
    CREDIT_SCORE("ml.credit.score", MeterKind.DISTRIBUTION_SUMMARY, "Credit score of each prediction"),
    BATCH_SIZE("ml.batch.size", MeterKind.DISTRIBUTION_SUMMARY, "Applications per /predict request"),
    MISSING_VALUES("ml.input.missing.values", MeterKind.COUNTER, "Accepted applications with the feature missing",
            Key.FEATURE),
    REJECTED_FIELDS("ml.input.rejected.fields", MeterKind.COUNTER, "Field-level input errors by feature", Key.FEATURE),
    MODEL_INFO("ml.model.info", MeterKind.GAUGE, "The model being served (value 1)", Key.MODEL_VERSION),
    CAPTURE_QUEUED("ml.capture.queued", MeterKind.FUNCTION_COUNTER, "Predictions handed to the capture journal"),
    CAPTURE_WRITTEN("ml.capture.written", MeterKind.COUNTER, "Predictions stored (rows the store did not hold yet)"),
    CAPTURE_DROPPED("ml.capture.dropped", MeterKind.COUNTER, "Predictions served but not captured"),
    CAPTURE_REFUSED("ml.capture.refused", MeterKind.COUNTER,
            "Predictions not answered because their record could not be made durable, by reason", Key.REASON),
    CAPTURE_COMMIT_WAIT("ml.capture.commit.wait", MeterKind.TIMER,
            "Time requests waited for the journal flush that made their records durable"),
    CAPTURE_WRITE_FAILURES("ml.capture.write.failures", MeterKind.COUNTER,
            "Failed writes of a batch of captured predictions"),
    CAPTURE_QUEUE_SIZE("ml.capture.queue.size", MeterKind.GAUGE,
            "Predictions waiting in memory for the journal's next flush"),
    CAPTURE_JOURNAL_BACKLOG("ml.capture.journal.backlog", MeterKind.GAUGE,
            "Captured predictions on local disk waiting for the store"),
    CAPTURE_JOURNAL_BYTES("ml.capture.journal.bytes", MeterKind.GAUGE, "Bytes of the capture journal on local disk"),
    CAPTURE_JOURNAL_LIMIT("ml.capture.journal.limit.bytes", MeterKind.GAUGE,
            "The capture journal's size limit in bytes"),
    CAPTURE_JOURNAL_DAMAGED_FILES("ml.capture.journal.damaged.files", MeterKind.GAUGE,
            "Damaged capture journal files set aside in the journal's directory"),
    CAPTURE_WRITER_UP("ml.capture.writer.up", MeterKind.GAUGE,
            "1 while the capture journal and store writer threads run, 0 when one has stopped"),
    CAPTURE_STORE_WRITE_RATE("ml.capture.store.write.rate", MeterKind.GAUGE,
            "Predictions per second the store took in the capture writer's recent writes"),
    FEEDBACK_AUTHENTICATION("ml.feedback.authentication", MeterKind.COUNTER,
            "/feedback requests refused for their key: failed, or throttled after too many failures", Key.RESULT),
    FEEDBACK_LABELS("ml.feedback.labels", MeterKind.COUNTER, "Labels received by /feedback, by result", Key.RESULT);

    /** The tag keys of the service's meters; values are bounded (see each meter's registration). */
    public enum Key implements KeyName {
        ENDPOINT("endpoint"),
        STATUS("status"),
        REASON("reason"),
        CLASS("class"),
        BAND("band"),
        FEATURE("feature"),
        MODEL_VERSION("model_version"),
        RESULT("result");

        private final String key;

        Key(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    private final String name;
    private final MeterKind kind;
    private final String description;
    private final Key[] keys;

    InferenceMeter(String name, MeterKind kind, String description, Key... keys) {
        this.name = name;
        this.kind = kind;
        this.description = description;
        this.keys = keys;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Meter.Type getType() {
        return kind.type();
    }

    /** Seconds for timers (Micrometer's base time unit); the byte gauges carry their unit in their names. */
    @Override
    public String getBaseUnit() {
        return kind.baseUnit();
    }

    @Override
    public KeyName[] getKeyNames() {
        return keys.clone();
    }

    public MeterKind kind() {
        return kind;
    }

    /** The {@code # HELP} text. */
    public String description() {
        return description;
    }

    public List<String> tagKeys() {
        return Arrays.stream(keys).map(Key::asString).toList();
    }

    /** The metric family a Prometheus scrape shows for this meter. */
    public String prometheusName() {
        return kind.prometheusName(name);
    }

    /** The series of the family: the name itself, or for a histogram its buckets, count, sum (and Micrometer's max). */
    public List<String> seriesNames() {
        return kind.seriesNames(prometheusName());
    }

    /** A counter with these values of the entry's tag keys, in their order. */
    Counter.Builder counter(String... tagValues) {
        return Counter.builder(name).description(description(MeterKind.COUNTER)).tags(tags(tagValues));
    }

    <T> FunctionCounter.Builder<T> functionCounter(T state, ToDoubleFunction<T> count, String... tagValues) {
        return FunctionCounter.builder(name, state, count).description(description(MeterKind.FUNCTION_COUNTER))
                .tags(tags(tagValues));
    }

    Gauge.Builder<Supplier<Number>> gauge(Supplier<Number> value, String... tagValues) {
        return Gauge.builder(name, value).description(description(MeterKind.GAUGE)).tags(tags(tagValues));
    }

    /** A multi-gauge; each of its rows takes its tags from {@link #tags}. */
    MultiGauge.Builder multiGauge() {
        return MultiGauge.builder(name).description(description(MeterKind.GAUGE));
    }

    Timer.Builder timer(String... tagValues) {
        return Timer.builder(name).description(description(MeterKind.TIMER)).tags(tags(tagValues));
    }

    DistributionSummary.Builder summary(String... tagValues) {
        return DistributionSummary.builder(name).description(description(MeterKind.DISTRIBUTION_SUMMARY))
                .tags(tags(tagValues));
    }

    /** The Prometheus client histogram (see {@link #PROBABILITY}), named and described. */
    Histogram.Builder prometheusHistogram() {
        return Histogram.builder().name(prometheusName()).help(description(MeterKind.PROMETHEUS_HISTOGRAM));
    }

    /** The entry's tag keys with these values, one per key in the entry's order. */
    Tags tags(String... values) {
        if (values.length != keys.length) {
            throw new IllegalArgumentException(
                    name + " is tagged by " + tagKeys() + ", given " + values.length + " values");
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < keys.length; i++) {
            tags = tags.and(keys[i].asString(), values[i]);
        }
        return tags;
    }

    /** The description, once the meter is built as the kind its entry says. */
    private String description(MeterKind built) {
        if (built != kind) {
            throw new IllegalStateException(name + " is catalogued as " + kind + ", not " + built);
        }
        return description;
    }
}

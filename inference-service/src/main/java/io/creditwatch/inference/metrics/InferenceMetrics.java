package io.creditwatch.inference.metrics;

import io.creditwatch.model.schema.Feature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every meter of the inference service, in one place. Micrometer adds the unit and
 * {@code _total} suffixes, so {@code ml.requests} is scraped as {@code ml_requests_total}.
 *
 * <table>
 *   <tr><th>scraped as</th><th>labels</th><th>meaning</th></tr>
 *   <tr><td>ml_requests_total</td><td>endpoint, status</td><td>requests by endpoint and HTTP status</td></tr>
 *   <tr><td>ml_request_duration_seconds</td><td>endpoint</td><td>latency histogram, 0.5 ms to 1 s buckets</td></tr>
 *   <tr><td>ml_request_errors_total</td><td>endpoint, reason</td><td>refused requests by reason</td></tr>
 *   <tr><td>ml_predictions_total</td><td>class</td><td>predictions by predicted class (0 repaid, 1 default)</td></tr>
 *   <tr><td>ml_predictions_risk_band_total</td><td>band</td><td>predictions by risk band</td></tr>
 *   <tr><td>ml_prediction_probability</td><td></td><td>histogram of the predicted probability of default (see below)</td></tr>
 *   <tr><td>ml_credit_score</td><td></td><td>histogram of credit scores</td></tr>
 *   <tr><td>ml_batch_size</td><td></td><td>histogram of applications per /predict request</td></tr>
 *   <tr><td>ml_input_missing_values_total</td><td>feature</td><td>accepted applications with the feature missing</td></tr>
 *   <tr><td>ml_input_rejected_fields_total</td><td>feature</td><td>field-level input errors; {@code unknown} for unknown field names</td></tr>
 *   <tr><td>ml_model_info</td><td>model_version</td><td>1 for the model being served</td></tr>
 *   <tr><td>ml_capture_queued_total</td><td></td><td>predictions handed to the capture journal</td></tr>
 *   <tr><td>ml_capture_written_total</td><td></td><td>predictions stored (rows the store did not hold yet)</td></tr>
 *   <tr><td>ml_capture_dropped_total</td><td></td><td>predictions served but not captured (best-effort policy and the
 *       journal could not take them, refused by the store, or in a journal group damaged on disk)</td></tr>
 *   <tr><td>ml_capture_refused_total</td><td>reason</td><td>predictions not answered because their record could not be
 *       made durable (durable policy; the request got 503 capture_unavailable)</td></tr>
 *   <tr><td>ml_capture_commit_wait_seconds</td><td></td><td>how long requests waited for the journal flush of their
 *       records (histogram)</td></tr>
 *   <tr><td>ml_capture_write_failures_total</td><td></td><td>failed batch writes (each is retried)</td></tr>
 *   <tr><td>ml_capture_queue_size</td><td></td><td>predictions waiting in memory for the journal's next flush</td></tr>
 *   <tr><td>ml_capture_journal_backlog</td><td></td><td>predictions on local disk waiting for the store</td></tr>
 *   <tr><td>ml_capture_journal_bytes</td><td></td><td>bytes of the journal on disk</td></tr>
 *   <tr><td>ml_capture_journal_limit_bytes</td><td></td><td>the journal's size limit</td></tr>
 *   <tr><td>ml_capture_journal_damaged_files</td><td></td><td>damaged journal files set aside in the journal's directory</td></tr>
 *   <tr><td>ml_capture_writer_up</td><td></td><td>1 while both capture threads run, 0 when one has stopped</td></tr>
 *   <tr><td>ml_capture_store_write_rate</td><td></td><td>predictions per second the store took in its recent writes</td></tr>
 *   <tr><td>ml_feedback_authentication_total</td><td>result</td><td>/feedback requests refused for their key:
 *       {@code failed} (no key or a wrong one), {@code throttled} (too many failures from the client)</td></tr>
 *   <tr><td>ml_feedback_labels_total</td><td>result</td><td>labels received: {@code accepted} or {@code unknown_prediction_id}</td></tr>
 * </table>
 *
 * <p>The probability histogram is a Prometheus client histogram registered beside Micrometer's
 * meters: Micrometer's fixed-bucket histograms round a recorded value up to a whole number
 * before choosing its bucket, which would put every probability in {@code le="1.0"}. Whole
 * numbers (scores, batch sizes, nanoseconds) are not affected.
 */
@Component
public class InferenceMetrics {

    public static final String REQUESTS = "ml.requests";
    public static final String REQUEST_DURATION = "ml.request.duration";
    public static final String REQUEST_ERRORS = "ml.request.errors";
    public static final String PREDICTIONS = "ml.predictions";
    public static final String RISK_BANDS = "ml.predictions.risk.band";
    public static final String PROBABILITY = "ml.prediction.probability";
    public static final String CREDIT_SCORE = "ml.credit.score";
    public static final String BATCH_SIZE = "ml.batch.size";
    public static final String MISSING_VALUES = "ml.input.missing.values";
    public static final String REJECTED_FIELDS = "ml.input.rejected.fields";
    public static final String MODEL_INFO = "ml.model.info";
    public static final String CAPTURE_QUEUED = "ml.capture.queued";
    public static final String CAPTURE_WRITTEN = "ml.capture.written";
    public static final String CAPTURE_DROPPED = "ml.capture.dropped";
    public static final String CAPTURE_WRITE_FAILURES = "ml.capture.write.failures";
    public static final String CAPTURE_QUEUE_SIZE = "ml.capture.queue.size";
    public static final String CAPTURE_JOURNAL_BACKLOG = "ml.capture.journal.backlog";
    public static final String CAPTURE_REFUSED = "ml.capture.refused";
    public static final String CAPTURE_COMMIT_WAIT = "ml.capture.commit.wait";
    public static final String CAPTURE_JOURNAL_BYTES = "ml.capture.journal.bytes";
    public static final String CAPTURE_JOURNAL_LIMIT = "ml.capture.journal.limit.bytes";
    public static final String CAPTURE_JOURNAL_DAMAGED_FILES = "ml.capture.journal.damaged.files";
    public static final String CAPTURE_WRITER_UP = "ml.capture.writer.up";
    public static final String CAPTURE_STORE_WRITE_RATE = "ml.capture.store.write.rate";
    public static final String FEEDBACK_LABELS = "ml.feedback.labels";
    public static final String FEEDBACK_AUTHENTICATION = "ml.feedback.authentication";

    public static final String ENDPOINT = "endpoint";
    public static final String STATUS = "status";
    public static final String REASON = "reason";
    public static final String CLASS = "class";
    public static final String BAND = "band";
    public static final String FEATURE = "feature";
    public static final String MODEL_VERSION = "model_version";
    public static final String RESULT = "result";
    public static final String UNKNOWN_FEATURE = "unknown";
    public static final String AUTHENTICATION_FAILED = "failed";
    public static final String AUTHENTICATION_THROTTLED = "throttled";
    /** Endpoints get their own label value, probes included; any other path is counted as {@code other}. */
    public static final Set<String> ENDPOINTS = Set.of("/predict", "/feedback", "/health", "/health/liveness",
            "/health/readiness", "/metrics");

    private static final Duration[] LATENCY_BUCKETS = durations(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000);

    private final MeterRegistry registry;
    private final Counter[] predictionsByClass;
    private final Counter[] missingByFeature;
    private final Map<String, Counter> rejectedByFeature = new ConcurrentHashMap<>();
    private final Map<String, Counter> riskBands = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    /** Request counters by endpoint and status: built once each, not on every request. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Histogram probability;
    private final DistributionSummary creditScore;
    private final DistributionSummary batchSize;
    private final MultiGauge modelInfo;
    private final Counter captureQueued;
    private final Counter captureWritten;
    private final Counter captureDropped;
    private final Counter captureWriteFailures;
    private final Map<String, Counter> captureRefused = new ConcurrentHashMap<>();
    private final Timer captureCommitWait;

    public InferenceMetrics(MeterRegistry registry, PrometheusRegistry prometheus, MetricsProperties properties) {
        this.registry = registry;
        this.predictionsByClass = new Counter[]{
                Counter.builder(PREDICTIONS).tag(CLASS, "0").description("Predictions by predicted class").register(registry),
                Counter.builder(PREDICTIONS).tag(CLASS, "1").description("Predictions by predicted class").register(registry)};
        this.missingByFeature = Feature.ALL.stream()
                .map(feature -> Counter.builder(MISSING_VALUES).tag(FEATURE, feature.jsonName())
                        .description("Accepted applications with the feature missing").register(registry))
                .toArray(Counter[]::new);
        for (Feature feature : Feature.ALL) {
            rejectedByFeature.put(feature.jsonName(), rejectedCounter(feature.jsonName()));
        }
        rejectedByFeature.put(UNKNOWN_FEATURE, rejectedCounter(UNKNOWN_FEATURE));
        // at 0 from the start, so that the first failed key is an increase the alert sees
        for (String result : List.of(AUTHENTICATION_FAILED, AUTHENTICATION_THROTTLED)) {
            feedbackAuthenticationCounter(result);
        }
        this.probability = Histogram.builder()
                .name(PROBABILITY.replace('.', '_'))
                .help("Predicted probability of default")
                .constLabels(Labels.of(properties.getTags().keySet().toArray(String[]::new),
                        properties.getTags().values().toArray(String[]::new)))
                .classicUpperBounds(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
                .classicOnly()
                .withoutExemplars()
                .register(prometheus);
        this.creditScore = DistributionSummary.builder(CREDIT_SCORE)
                .description("Credit score of each prediction")
                .serviceLevelObjectives(300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850, 900)
                .register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Applications per /predict request")
                .serviceLevelObjectives(1, 10, 100, 1000, 10000)
                .register(registry);
        this.modelInfo = MultiGauge.builder(MODEL_INFO).description("The model being served (value 1)").register(registry);
        this.captureQueued = Counter.builder(CAPTURE_QUEUED).description("Predictions handed to the capture journal").register(registry);
        this.captureWritten = Counter.builder(CAPTURE_WRITTEN).description("Predictions stored (rows the store did not hold yet)").register(registry);
        this.captureDropped = Counter.builder(CAPTURE_DROPPED)
                .description("Predictions served but not captured").register(registry);
        this.captureWriteFailures = Counter.builder(CAPTURE_WRITE_FAILURES)
                .description("Failed writes of a batch of captured predictions").register(registry);
        this.captureCommitWait = Timer.builder(CAPTURE_COMMIT_WAIT)
                .description("Time requests waited for the journal flush that made their records durable")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /** Registers the refusal counter of each reason at start, so that every series exists before the first refusal. */
    public void captureRefusalReasons(List<String> reasons) {
        for (String reason : reasons) {
            captureRefused.computeIfAbsent(reason, name -> Counter.builder(CAPTURE_REFUSED).tag(REASON, name)
                    .description("Predictions not answered because their record could not be made durable, by reason")
                    .register(registry));
        }
    }

    public void captureRefused(String reason, int predictions) {
        captureRefused.get(reason).increment(predictions);
    }

    public void captureCommitWait(long nanos) {
        captureCommitWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void captureJournalBytes(Supplier<Number> bytes, long limit) {
        Gauge.builder(CAPTURE_JOURNAL_BYTES, bytes)
                .description("Bytes of the capture journal on local disk").register(registry);
        Gauge.builder(CAPTURE_JOURNAL_LIMIT, () -> limit)
                .description("The capture journal's size limit in bytes").register(registry);
    }

    public void captureJournalDamagedFiles(Supplier<Number> files) {
        Gauge.builder(CAPTURE_JOURNAL_DAMAGED_FILES, files)
                .description("Damaged capture journal files set aside in the journal's directory").register(registry);
    }

    public void captureWriterUp(Supplier<Number> up) {
        Gauge.builder(CAPTURE_WRITER_UP, up)
                .description("1 while the capture journal and store writer threads run, 0 when one has stopped")
                .register(registry);
    }

    public void captureStoreWriteRate(Supplier<Number> rate) {
        Gauge.builder(CAPTURE_STORE_WRITE_RATE, rate)
                .description("Predictions per second the store took in the capture writer's recent writes").register(registry);
    }

    public void captureQueue(Supplier<Number> size) {
        Gauge.builder(CAPTURE_QUEUE_SIZE, size).description("Predictions waiting in memory for the journal's next flush").register(registry);
    }

    public void captureJournalBacklog(Supplier<Number> predictions) {
        Gauge.builder(CAPTURE_JOURNAL_BACKLOG, predictions)
                .description("Captured predictions on local disk waiting for the store").register(registry);
    }

    public void captureQueued(int predictions) {
        captureQueued.increment(predictions);
    }

    public void captureWritten(int predictions) {
        captureWritten.increment(predictions);
    }

    public void captureDropped(int predictions) {
        captureDropped.increment(predictions);
    }

    public void captureWriteFailed() {
        captureWriteFailures.increment();
    }

    /** A /feedback request refused for its key: {@link #AUTHENTICATION_FAILED} or {@link #AUTHENTICATION_THROTTLED}. */
    public void feedbackAuthentication(String result) {
        feedbackAuthenticationCounter(result).increment();
    }

    private Counter feedbackAuthenticationCounter(String result) {
        return Counter.builder(FEEDBACK_AUTHENTICATION).tag(RESULT, result)
                .description("/feedback requests refused for their key: failed, or throttled after too many failures")
                .register(registry);
    }

    public void feedback(String result, int labels) {
        Counter.builder(FEEDBACK_LABELS).tag(RESULT, result).description("Labels received by /feedback, by result")
                .register(registry).increment(labels);
    }

    /** A model was loaded: its version becomes {@code ml_model_info}, its risk bands get counters. */
    public void modelChanged(String version, List<String> bandNames) {
        modelInfo.register(List.of(MultiGauge.Row.of(Tags.of(MODEL_VERSION, version), 1)), true);
        for (String band : bandNames) {
            riskBands.computeIfAbsent(band, name -> Counter.builder(RISK_BANDS).tag(BAND, name)
                    .description("Predictions by risk band").register(registry));
        }
    }

    public void request(String path, int status, long nanos) {
        String endpoint = endpointOf(path);
        requests.computeIfAbsent(endpoint + ' ' + status, key -> Counter.builder(REQUESTS)
                        .tags(ENDPOINT, endpoint, STATUS, Integer.toString(status))
                        .description("Requests by endpoint and HTTP status").register(registry))
                .increment();
        durations.computeIfAbsent(endpoint, name -> Timer.builder(REQUEST_DURATION)
                        .tag(ENDPOINT, name)
                        .description("Request latency")
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void requestError(String path, String reason) {
        Counter.builder(REQUEST_ERRORS).tags(ENDPOINT, endpointOf(path), REASON, reason)
                .description("Refused requests by endpoint and reason").register(registry).increment();
    }

    public void rejectedField(String field) {
        rejectedByFeature.getOrDefault(field, rejectedByFeature.get(UNKNOWN_FEATURE)).increment();
    }

    public void batch(int applications) {
        batchSize.record(applications);
    }

    /** One answered application: its class (0 or 1), probability of default, credit score and risk band. */
    public void prediction(int predictedClass, double probabilityOfDefault, long score, String riskBand) {
        predictionsByClass[predictedClass].increment();
        probability.observe(probabilityOfDefault);
        creditScore.record(score);
        Counter band = riskBands.get(riskBand);
        if (band != null) {
            band.increment();
        }
    }

    public void missing(Feature feature) {
        missingByFeature[feature.ordinal()].increment();
    }

    public static String endpointOf(String path) {
        return ENDPOINTS.contains(path) ? path : "other";
    }

    private Counter rejectedCounter(String feature) {
        return Counter.builder(REJECTED_FIELDS).tag(FEATURE, feature)
                .description("Field-level input errors by feature").register(registry);
    }

    private static Duration[] durations(double... millis) {
        Duration[] result = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            result[i] = Duration.ofNanos((long) (millis[i] * 1_000_000));
        }
        return result;
    }
}

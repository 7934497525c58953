package io.creditwatch.inference.metrics;

import io.creditwatch.model.schema.Feature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Registers and updates the inference service's meters, each built from its entry in
 * {@link InferenceMeter} (name, type, description, tag keys).
 */
@Component
public class InferenceMetrics {

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
    private final Counter captureWritten;
    private final Counter captureDropped;
    private final Counter captureWriteFailures;
    private final Map<String, Counter> captureRefused = new ConcurrentHashMap<>();
    private final Timer captureCommitWait;

    public InferenceMetrics(MeterRegistry registry, PrometheusRegistry prometheus, MetricsProperties properties) {
        this.registry = registry;
        this.predictionsByClass = new Counter[]{
                InferenceMeter.PREDICTIONS.counter("0").register(registry),
                InferenceMeter.PREDICTIONS.counter("1").register(registry)};
        this.missingByFeature = Feature.ALL.stream()
                .map(feature -> InferenceMeter.MISSING_VALUES.counter(feature.jsonName()).register(registry))
                .toArray(Counter[]::new);
        for (Feature feature : Feature.ALL) {
            rejectedByFeature.put(feature.jsonName(), rejectedCounter(feature.jsonName()));
        }
        rejectedByFeature.put(UNKNOWN_FEATURE, rejectedCounter(UNKNOWN_FEATURE));
        // at 0 from the start, so that the first failed key is an increase the alert sees
        for (String result : List.of(AUTHENTICATION_FAILED, AUTHENTICATION_THROTTLED)) {
            feedbackAuthenticationCounter(result);
        }
        this.probability = InferenceMeter.PROBABILITY.prometheusHistogram()
                .constLabels(Labels.of(properties.getTags().keySet().toArray(String[]::new),
                        properties.getTags().values().toArray(String[]::new)))
                .classicUpperBounds(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
                .classicOnly()
                .withoutExemplars()
                .register(prometheus);
        this.creditScore = InferenceMeter.CREDIT_SCORE.summary()
                .serviceLevelObjectives(300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850, 900)
                .register(registry);
        this.batchSize = InferenceMeter.BATCH_SIZE.summary()
                .serviceLevelObjectives(1, 10, 100, 1000, 10000)
                .register(registry);
        this.modelInfo = InferenceMeter.MODEL_INFO.multiGauge().register(registry);
        this.captureWritten = InferenceMeter.CAPTURE_WRITTEN.counter().register(registry);
        this.captureDropped = InferenceMeter.CAPTURE_DROPPED.counter().register(registry);
        this.captureWriteFailures = InferenceMeter.CAPTURE_WRITE_FAILURES.counter().register(registry);
        this.captureCommitWait = InferenceMeter.CAPTURE_COMMIT_WAIT.timer()
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /** Registers the refusal counter of each reason at start, so that every series exists before the first refusal. */
    public void captureRefusalReasons(List<String> reasons) {
        for (String reason : reasons) {
            captureRefused.computeIfAbsent(reason,
                    name -> InferenceMeter.CAPTURE_REFUSED.counter(name).register(registry));
        }
    }

    public void captureRefused(String reason, int predictions) {
        captureRefused.get(reason).increment(predictions);
    }

    public void captureCommitWait(long nanos) {
        captureCommitWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void captureJournalBytes(Supplier<Number> bytes, long limit) {
        InferenceMeter.CAPTURE_JOURNAL_BYTES.gauge(bytes).register(registry);
        InferenceMeter.CAPTURE_JOURNAL_LIMIT.gauge(() -> limit).register(registry);
    }

    public void captureJournalDamagedFiles(Supplier<Number> files) {
        InferenceMeter.CAPTURE_JOURNAL_DAMAGED_FILES.gauge(files).register(registry);
    }

    public void captureWriterUp(Supplier<Number> up) {
        InferenceMeter.CAPTURE_WRITER_UP.gauge(up).register(registry);
    }

    public void captureStoreWriteRate(Supplier<Number> rate) {
        InferenceMeter.CAPTURE_STORE_WRITE_RATE.gauge(rate).register(registry);
    }

    public void captureQueue(Supplier<Number> size) {
        InferenceMeter.CAPTURE_QUEUE_SIZE.gauge(size).register(registry);
    }

    public void captureJournalBacklog(Supplier<Number> predictions) {
        InferenceMeter.CAPTURE_JOURNAL_BACKLOG.gauge(predictions).register(registry);
    }

    /**
     * Counts the predictions handed to the capture journal by reading {@code accepted}, the
     * capture's own count of them, which only grows (the capture holds it for as long as it runs).
     */
    public void captureQueued(AtomicLong accepted) {
        InferenceMeter.CAPTURE_QUEUED.functionCounter(accepted, AtomicLong::get).register(registry);
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
        return InferenceMeter.FEEDBACK_AUTHENTICATION.counter(result).register(registry);
    }

    public void feedback(String result, int labels) {
        InferenceMeter.FEEDBACK_LABELS.counter(result).register(registry).increment(labels);
    }

    /** A model was loaded: its version becomes {@code ml_model_info}, its risk bands get counters. */
    public void modelChanged(String version, List<String> bandNames) {
        modelInfo.register(List.of(MultiGauge.Row.of(InferenceMeter.MODEL_INFO.tags(version), 1)), true);
        for (String band : bandNames) {
            riskBands.computeIfAbsent(band, name -> InferenceMeter.RISK_BANDS.counter(name).register(registry));
        }
    }

    public void request(String path, int status, long nanos) {
        String endpoint = endpointOf(path);
        requests.computeIfAbsent(endpoint + ' ' + status,
                key -> InferenceMeter.REQUESTS.counter(endpoint, Integer.toString(status))
                        .register(registry))
                .increment();
        durations.computeIfAbsent(endpoint, name -> InferenceMeter.REQUEST_DURATION.timer(name)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void requestError(String path, String reason) {
        InferenceMeter.REQUEST_ERRORS.counter(endpointOf(path), reason).register(registry).increment();
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
        return InferenceMeter.REJECTED_FIELDS.counter(feature).register(registry);
    }

    private static Duration[] durations(double... millis) {
        Duration[] result = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            result[i] = Duration.ofNanos((long) (millis[i] * 1_000_000));
        }
        return result;
    }
}

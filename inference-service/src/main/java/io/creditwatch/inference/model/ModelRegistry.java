package io.creditwatch.inference.model;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.scoring.CreditScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Holds the model being served. Loads the bundle at start-up; when that fails the service still
 * starts, reports DOWN on /health, answers /predict with 503, and keeps trying. When the bundle's
 * model card changes on disk (a new version was written there) the new model replaces the old
 * one without a restart.
 */
@Component("model")
public class ModelRegistry implements HealthIndicator, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelProperties properties;
    private final ScoringProperties scoring;
    private final ReasonProperties reasons;
    private final InferenceMetrics metrics;
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private volatile FileTime loadedCardTime;
    private volatile String lastError = "not loaded yet";

    ModelRegistry(ModelProperties properties, ScoringProperties scoring, ReasonProperties reasons,
                  InferenceMetrics metrics) {
        this.properties = properties;
        this.scoring = scoring;
        this.reasons = reasons;
        this.metrics = metrics;
        reloadIfChanged();
    }

    public Optional<ServingModel> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::reloadIfChanged, properties.reloadInterval());
    }

    synchronized void reloadIfChanged() {
        try {
            Path directory = properties.directory();
            FileTime cardTime = Files.getLastModifiedTime(directory.resolve(ModelBundle.CARD_FILE));
            if (current.get() != null && cardTime.equals(loadedCardTime)) {
                return;
            }
            ServingModel loaded = load(directory);
            current.set(loaded);
            loadedCardTime = cardTime;
            metrics.modelChanged(loaded.version(), loaded.riskBands().names());
            log.info("model loaded", kv("model_version", loaded.version()), kv("threshold", loaded.threshold()),
                    kv("path", directory.toString()));
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (current.get() == null) {
                log.error("no model to serve: {}; set MODEL_PATH to a model bundle directory", lastError);
            } else {
                log.warn("keeping model {}: {}", current.get().version(), lastError);
            }
        }
    }

    private ServingModel load(Path directory) throws IOException {
        ModelBundle bundle = ModelBundle.read(directory);
        double threshold = properties.threshold() != null ? properties.threshold() : bundle.card().threshold();
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        return new ServingModel(bundle.card(), bundle.scorer(),
                threshold, scoring.scorecard(), scoring.bands(), reasons.reasonsTop());
    }

    @Override
    public Health health() {
        ServingModel model = current.get();
        if (model == null) {
            return Health.down()
                    .withDetail("loaded", false)
                    .withDetail("path", properties.path())
                    .withDetail("error", lastError)
                    .build();
        }
        return Health.up()
                .withDetail("loaded", true)
                .withDetail("version", model.version())
                .withDetail("threshold", model.threshold())
                .build();
    }
}

package io.creditwatch.inference.model;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.scoring.CreditScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
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
public class ModelRegistry implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelProperties properties;
    private final ScoringProperties scoring;
    private final InferenceMetrics metrics;
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private volatile FileTime loadedCardTime;
    private volatile String lastError = "not loaded yet";

    ModelRegistry(ModelProperties properties, ScoringProperties scoring, InferenceMetrics metrics) {
        this.properties = properties;
        this.scoring = scoring;
        this.metrics = metrics;
        reloadIfChanged();
    }

    public Optional<ServingModel> current() {
        return Optional.ofNullable(current.get());
    }

    @Scheduled(fixedDelayString = "${inference.model.reload-interval:30s}")
    synchronized void reloadIfChanged() {
        Path cardFile = properties.directory().resolve(ModelBundle.CARD_FILE);
        try {
            FileTime cardTime = Files.getLastModifiedTime(cardFile);
            if (current.get() != null && cardTime.equals(loadedCardTime)) {
                return;
            }
            ServingModel loaded = load();
            current.set(loaded);
            loadedCardTime = cardTime;
            metrics.modelChanged(loaded);
            log.info("model loaded", kv("model_version", loaded.version()), kv("threshold", loaded.threshold()));
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (current.get() == null) {
                log.error("model bundle at {} cannot be loaded: {}", properties.directory().toAbsolutePath(), lastError);
            } else {
                log.warn("keeping model {}: the bundle at {} cannot be loaded: {}", current.get().version(),
                        properties.directory().toAbsolutePath(), lastError);
            }
        }
    }

    private ServingModel load() throws IOException {
        ModelBundle bundle = ModelBundle.read(properties.directory());
        double threshold = properties.threshold() != null ? properties.threshold() : bundle.card().threshold();
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        return new ServingModel(bundle.card(), new CreditScorer(bundle.model(), bundle.card().positiveLabel()),
                threshold, scoring.scorecard(), scoring.bands());
    }

    @Override
    public Health health() {
        ServingModel model = current.get();
        if (model == null) {
            return Health.down()
                    .withDetail("loaded", false)
                    .withDetail("path", properties.directory().toAbsolutePath().toString())
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

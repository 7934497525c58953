package io.creditwatch.inference.model;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.scoring.DecisionPolicy;
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
 * one without a restart. Decisions follow the deployment's cut-off ({@link DecisionProperties}), else
 * the card's, else the card's threshold.
 */
@Component("model")
public class ModelRegistry implements HealthIndicator, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelProperties properties;
    private final ScoringProperties scoring;
    private final ReasonProperties reasons;
    private final InferenceMetrics metrics;
    private final DecisionPolicy cutOffOverride;
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private volatile FileTime loadedCardTime;
    private volatile String lastError = "not loaded yet";

    ModelRegistry(ModelProperties properties, ScoringProperties scoring, ReasonProperties reasons,
                  DecisionProperties decision, InferenceMetrics metrics) {
        if (properties.threshold() != null && decision.override() != null) {
            throw new IllegalArgumentException("INFERENCE_MODEL_THRESHOLD and " + decision.override().description()
                    + " are both set: set one cut-off, INFERENCE_DECISION_CUTOFF_PD for a PD");
        }
        this.cutOffOverride = properties.threshold() != null ? DecisionPolicy.ofPd(properties.threshold())
                : decision.override();
        if (cutOffOverride != null) {
            // a band cut-off names one of the configured bands: fail at start-up, not at every load
            cutOffOverride.probabilityCutOff(scoring.scorecard(), scoring.bands());
        }
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
                    kv("cutoff", loaded.cutOff().description()), kv("cutoff_source", cutOffSource(loaded.card())),
                    kv("path", directory.toString()));
            if (cutOffOverride == null && loaded.card().decision() == null) {
                log.info("the model card has no decision policy (written before cut-offs): decisions follow its "
                        + "threshold, PD {} and above declined", loaded.threshold());
            }
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
        DecisionPolicy cutOff = cutOffOverride != null ? cutOffOverride : bundle.card().cutOff();
        return new ServingModel(bundle.card(), bundle.scorer(), threshold, cutOff, scoring.scorecard(), scoring.bands(),
                reasons.reasonsTop());
    }

    /** Where the cut-off comes from: the deployment's setting, the model card, or the card's threshold. */
    private String cutOffSource(ModelCard card) {
        return cutOffOverride != null ? "deployment" : card.decision() != null ? "model card" : "threshold";
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
                .withDetail("cutoff", model.cutOff())
                .withDetail("cutoff_source", cutOffSource(model.card()))
                .withDetail("cutoff_pd", model.cutOff().probabilityCutOff(model.scorecard(), model.riskBands()))
                .build();
    }
}

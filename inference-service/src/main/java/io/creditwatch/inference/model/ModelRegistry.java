package io.creditwatch.inference.model;

import io.creditwatch.inference.metrics.InferenceMetrics;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Holds the model being served. Loads the bundle at start-up; when that fails the service still
 * starts, reports DOWN on /health, answers /predict with 503, and keeps trying. When the bundle's
 * model card changes on disk (a new version was written there) the new model replaces the old
 * one without a restart. Decisions follow the deployment's cut-off ({@link DecisionProperties}), else
 * the card's, else the card's threshold. A challenger bundle ({@code INFERENCE_CHALLENGER_PATH}) is
 * held the same way, beside the champion, to be scored in the shadow: its decisions are recorded,
 * never answered.
 */
@Component("model")
public class ModelRegistry implements HealthIndicator, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelProperties properties;
    private final ScoringProperties scoring;
    private final ReasonProperties reasons;
    private final InferenceMetrics metrics;
    private final DecisionPolicy cutOffOverride;
    private final Slot champion;
    /** The challenger scored in the shadow, or null when INFERENCE_CHALLENGER_PATH is not set. */
    private final Slot challenger;

    ModelRegistry(ModelProperties properties, ChallengerProperties challengerProperties, ScoringProperties scoring,
                  ReasonProperties reasons, DecisionProperties decision, InferenceMetrics metrics) {
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
        this.champion = new Slot("champion", properties.path(), properties::directory);
        this.challenger = challengerProperties.path() == null || challengerProperties.path().isBlank() ? null
                : new Slot("challenger", challengerProperties.path(), challengerProperties::directory);
        reloadIfChanged();
    }

    public Optional<ServingModel> current() {
        return Optional.ofNullable(champion.current.get());
    }

    /** The challenger to score in the shadow, when one is configured and loaded. */
    public Optional<ServingModel> challenger() {
        return challenger == null ? Optional.empty() : Optional.ofNullable(challenger.current.get());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::reloadIfChanged, properties.reloadInterval());
    }

    synchronized void reloadIfChanged() {
        if (champion.reloadIfChanged()) {
            ServingModel loaded = champion.current.get();
            metrics.modelChanged(loaded.version(), loaded.riskBands().names());
            if (cutOffOverride == null && loaded.card().decision() == null) {
                log.info("the model card has no decision policy (written before cut-offs): decisions follow its "
                        + "threshold, PD {} and above declined", loaded.threshold());
            }
        }
        if (challenger != null && challenger.reloadIfChanged()) {
            ServingModel shadow = challenger.current.get();
            ServingModel served = champion.current.get();
            if (served != null && served.version().equals(shadow.version())) {
                log.warn("the challenger is the champion's version {}: its shadow predictions compare the model with "
                        + "itself", shadow.version());
            }
        }
    }

    /**
     * One bundle directory the registry serves from, in one role: loaded at start, loaded again when
     * its model card changes on disk, kept when a new one cannot be read.
     */
    private final class Slot {

        private final String role;
        private final String configuredPath;
        private final java.util.function.Supplier<Path> directory;
        private final AtomicReference<ServingModel> current = new AtomicReference<>();
        private volatile FileTime loadedCardTime;
        private volatile String lastError = "not loaded yet";

        Slot(String role, String configuredPath, java.util.function.Supplier<Path> directory) {
            this.role = role;
            this.configuredPath = configuredPath;
            this.directory = directory;
        }

        /** Whether another model was loaded. */
        boolean reloadIfChanged() {
            try {
                Path bundle = directory.get();
                FileTime cardTime = Files.getLastModifiedTime(bundle.resolve(ModelBundle.CARD_FILE));
                if (current.get() != null && cardTime.equals(loadedCardTime)) {
                    return false;
                }
                ServingModel loaded = load(bundle);
                current.set(loaded);
                loadedCardTime = cardTime;
                lastError = null;
                log.info("model loaded", kv("role", role), kv("model_version", loaded.version()),
                        kv("threshold", loaded.threshold()), kv("cutoff", loaded.cutOff().description()),
                        kv("cutoff_source", cutOffSource(loaded.card())), kv("path", bundle.toString()));
                return true;
            } catch (IOException | RuntimeException e) {
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (current.get() != null) {
                    log.warn("keeping the {} model {}: {}", role, current.get().version(), lastError);
                } else if (role.equals("champion")) {
                    log.error("no model to serve: {}; set MODEL_PATH to a model bundle directory", lastError);
                } else {
                    log.error("no challenger to score in the shadow: {}; INFERENCE_CHALLENGER_PATH must name a model "
                            + "bundle directory", lastError);
                }
                return false;
            }
        }

        Map<String, Object> details() {
            ServingModel model = current.get();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("loaded", model != null);
            if (model == null) {
                details.put("path", configuredPath);
                details.put("error", lastError);
                return details;
            }
            details.put("version", model.version());
            details.put("threshold", model.threshold());
            details.put("cutoff", model.cutOff());
            details.put("cutoff_source", cutOffSource(model.card()));
            details.put("cutoff_pd", model.cutOff().probabilityCutOff(model.scorecard(), model.riskBands()));
            return details;
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

    /**
     * UP with the champion's version and cut-off while a champion is served (a challenger that cannot
     * be loaded is reported, and does not stop the service); DOWN without a champion.
     */
    @Override
    public Health health() {
        Health.Builder health = champion.current.get() == null ? Health.down() : Health.up();
        health.withDetails(champion.details());
        if (challenger != null) {
            health.withDetail("challenger", challenger.details());
        }
        return health.build();
    }
}

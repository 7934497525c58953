package io.creditwatch.inference.model;

import io.creditwatch.service.ModelBundles;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which model bundle to serve ({@code MODEL_PATH}), the serving threshold (default: the one in
 * the bundle's model card; when set, a PD cut-off overriding the card's, as
 * {@code INFERENCE_DECISION_CUTOFF_PD} does), and how often to look for a changed bundle.
 */
@ConfigurationProperties("inference.model")
record ModelProperties(String path, Double threshold, @DefaultValue("30s") Duration reloadInterval) {

    /**
     * The bundle directory: an absolute path as it is, a relative one looked for from the working
     * directory and from the service's jar.
     *
     * @throws io.creditwatch.model.bundle.BundleLocation.BundleNotFoundException naming where it looked
     */
    Path directory() {
        return ModelBundles.find(path, ModelProperties.class);
    }
}

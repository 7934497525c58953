package io.creditwatch.inference.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which model bundle to serve ({@code MODEL_PATH}), the serving threshold (default: the one in
 * the bundle's model card), and how often to look for a changed bundle.
 */
@ConfigurationProperties("inference.model")
record ModelProperties(String path, Double threshold, @DefaultValue("30s") Duration reloadInterval) {

    /** The bundle directory, relative to the working directory unless absolute. */
    Path directory() {
        return Path.of(path);
    }
}

package io.creditwatch.inference.model;

import io.creditwatch.service.ModelBundles;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The challenger bundle ({@code INFERENCE_CHALLENGER_PATH}): when set, every application is also
 * scored by this model in the shadow, and its decision is recorded beside the champion's under the
 * same prediction id. Unset (the default), there is no challenger. Reloaded as the champion is.
 */
@ConfigurationProperties("inference.challenger")
record ChallengerProperties(String path) {

    /** The bundle directory, found as the champion's is (see {@link ModelProperties#directory()}). */
    Path directory() {
        return ModelBundles.find(path, ChallengerProperties.class);
    }
}

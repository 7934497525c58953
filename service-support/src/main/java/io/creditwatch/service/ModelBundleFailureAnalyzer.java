package io.creditwatch.service;

import io.creditwatch.model.bundle.ModelBundleException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A service that cannot start without its model bundle says so, and what to do, instead of a stack trace. */
class ModelBundleFailureAnalyzer extends AbstractFailureAnalyzer<ModelBundleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ModelBundleException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set MODEL_PATH to a model bundle directory (model-card.json, reference-profile.json, model.json),"
                        + " such as the repository's models/default, or train one (docs/model.md, \"Train\").",
                cause);
    }
}

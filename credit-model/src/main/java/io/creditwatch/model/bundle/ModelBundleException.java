package io.creditwatch.model.bundle;

/** The configured model bundle cannot be used: missing, unreadable or of an unknown format. */
public class ModelBundleException extends IllegalStateException {

    public ModelBundleException(String message) {
        super(message);
    }

    public ModelBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}

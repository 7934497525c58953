package io.creditwatch.service;

import io.creditwatch.model.bundle.BundleLocation;
import org.springframework.boot.system.ApplicationHome;

import java.nio.file.Path;

/** The configured model bundle, looked for from the working directory and from the service's jar. */
public final class ModelBundles {

    private ModelBundles() {
    }

    /**
     * @throws BundleLocation.BundleNotFoundException naming every place it looked
     * @see BundleLocation#find
     */
    public static Path find(String configured, Class<?> application) {
        return BundleLocation.find(configured, new ApplicationHome(application).getDir().toPath());
    }
}

package io.creditwatch.model.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the model bundle a service is configured with. An absolute path is taken as it is. A
 * relative one (the default {@code models/default}) is looked for in the working directory, then
 * in the folder the service's jar is in and the two above it, so that
 * {@code java -jar inference-service/target/inference-service.jar} finds the repository's
 * bundle from whatever folder it is started. A bundle is a directory holding
 * {@value ModelBundle#CARD_FILE}.
 */
public final class BundleLocation {

    /** How many folders above the jar's own are searched: target/, the module, the repository. */
    private static final int LEVELS_ABOVE_HOME = 2;

    private BundleLocation() {
    }

    /**
     * @param configured the configured path ({@code MODEL_PATH})
     * @param home       the folder of the running jar (or of its classes), or {@code null}
     * @return the first bundle directory among {@link #candidates}
     * @throws BundleNotFoundException naming every place it looked
     */
    public static Path find(String configured, Path home) {
        List<Path> candidates = candidates(configured, home);
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(ModelBundle.CARD_FILE))) {
                return candidate;
            }
        }
        throw new BundleNotFoundException(configured, candidates);
    }

    /** Where {@link #find} looks, in order. */
    public static List<Path> candidates(String configured, Path home) {
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return List.of(path.normalize());
        }
        Set<Path> candidates = new LinkedHashSet<>();
        candidates.add(path.toAbsolutePath().normalize());
        Path folder = home == null ? null : home.toAbsolutePath();
        for (int level = 0; level <= LEVELS_ABOVE_HOME && folder != null; level++, folder = folder.getParent()) {
            candidates.add(folder.resolve(path).normalize());
        }
        return new ArrayList<>(candidates);
    }

    /** No bundle where the configuration points. */
    public static final class BundleNotFoundException extends ModelBundleException {

        BundleNotFoundException(String configured, List<Path> candidates) {
            super("no model bundle (a directory with " + ModelBundle.CARD_FILE + ") at MODEL_PATH=" + configured
                    + "; looked in " + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
    }
}

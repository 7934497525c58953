package io.creditwatch.model.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleLocationTests {

    @TempDir
    Path repository;

    @Test
    void aRelativePathIsFoundAboveTheJarsFolderWhenTheWorkingDirectoryLacksIt() throws IOException {
        Path bundle = Files.createDirectories(repository.resolve("models/default"));
        Files.writeString(bundle.resolve(ModelBundle.CARD_FILE), "{}");
        Path jarFolder = Files.createDirectories(repository.resolve("inference-service/target"));

        assertThat(BundleLocation.find("models/default", jarFolder)).isEqualTo(bundle);
    }

    @Test
    void theWorkingDirectoryComesFirstAndAnAbsolutePathIsTheOnlyPlace() {
        Path jarFolder = repository.resolve("inference-service/target");

        assertThat(BundleLocation.candidates("models/default", jarFolder)).containsExactly(
                Path.of("models/default").toAbsolutePath().normalize(),
                jarFolder.resolve("models/default"),
                repository.resolve("inference-service/models/default"),
                repository.resolve("models/default"));
        assertThat(BundleLocation.candidates(repository.resolve("bundle").toString(), jarFolder))
                .containsExactly(repository.resolve("bundle"));
    }

    @Test
    void aMissingBundleNamesEveryPlaceLookedIn() {
        Path jarFolder = repository.resolve("inference-service/target");

        assertThatThrownBy(() -> BundleLocation.find("models/none", jarFolder))
                .isInstanceOf(BundleLocation.BundleNotFoundException.class)
                .hasMessageStartingWith(
                        "no model bundle (a directory with model-card.json) at MODEL_PATH=models/none; looked in ")
                .hasMessageContaining(repository.resolve("models/none").toString())
                .hasMessageContaining(jarFolder.resolve("models/none").toString());
    }
}

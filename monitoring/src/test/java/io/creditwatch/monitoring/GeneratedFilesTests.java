package io.creditwatch.monitoring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed monitoring files are those {@code monitoring/config.yml} generates. Run with
 * {@code -Dcreditwatch.regenerate=true} to rewrite them after changing the configuration or the
 * dashboards' code.
 */
class GeneratedFilesTests {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void committedFilesAreTheGeneratedOnes() throws IOException {
        MonitoringConfig config = MonitoringConfig.read(ROOT.resolve(MonitoringFiles.CONFIG));
        if (Boolean.getBoolean("creditwatch.regenerate")) {
            MonitoringFiles.write(MonitoringFiles.generate(config, ROOT), ROOT);
        }
        Map<String, String> generated = MonitoringFiles.generate(config, ROOT);
        assertThat(generated).hasSizeGreaterThanOrEqualTo(7);
        for (Map.Entry<String, String> file : generated.entrySet()) {
            assertThat(Files.readString(ROOT.resolve(file.getKey()))).as(file.getKey() + " is generated from "
                    + MonitoringFiles.CONFIG + "; rewrite it with -Dcreditwatch.regenerate=true")
                    .isEqualTo(file.getValue());
        }
    }
}

package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.KaggleCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CreditModelCliTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CreditModelCli cli = new CreditModelCli(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void generatesThenTrainsABundle(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("not-yet-there/data.csv");
        Path bundle = directory.resolve("bundle");

        assertThat(cli.run(new String[]{"generate", "--rows", "3000", "--seed", "5", "--out", csv.toString()})).isZero();
        assertThat(Files.readString(csv)).startsWith(KaggleCsv.header() + "\r\n1,");
        assertThat(cli.run(new String[]{"train", "--data", csv.toString(), "--out", bundle.toString(),
                "--version", "cli-1", "--trees", "20"})).isZero();

        assertThat(stdout()).contains("model cli-1 trained on 2400 rows").containsPattern("AUC-ROC 0\\.\\d{4}")
                .containsPattern("\\[ *\\d+\\.\\d s\\] training 20 rounds of XGBoost")
                .contains("] writing the bundle to " + bundle);
        assertThat(ModelBundle.readCard(bundle).modelVersion()).isEqualTo("cli-1");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("3,000 rows hold about 40 defaults out")
                .startsWith("warning: only ").contains("defaults in the hold-out");
    }

    @Test
    void refusesDataTooSmallForAHoldout(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("tiny.csv");
        cli.run(new String[]{"generate", "--rows", "8", "--out", csv.toString()});

        err.reset();
        assertThat(cli.run(new String[]{"train", "--data", csv.toString(), "--out", directory.resolve("b").toString()}))
                .isEqualTo(CreditModelCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: too little data: the 20% hold-out of 8 rows holds ")
                .endsWith(" defaults, and at least 20 are needed to evaluate a model; give more labelled rows"
                        + System.lineSeparator());
        assertThat(directory.resolve("b")).doesNotExist();
    }

    @Test
    void sameSeedWritesTheSameFile(@TempDir Path directory) throws Exception {
        Path a = directory.resolve("a.csv");
        Path b = directory.resolve("b.csv");
        cli.run(new String[]{"generate", "--rows", "500", "--seed", "9", "--out", a.toString()});
        cli.run(new String[]{"generate", "--rows", "500", "--seed", "9", "--out", b.toString()});

        assertThat(Files.readString(a)).isEqualTo(Files.readString(b));
    }

    @Test
    void helpForEachCommand() {
        assertThat(cli.run(new String[]{"--help"})).isZero();
        assertThat(cli.run(new String[]{"generate", "--help"})).isZero();
        assertThat(cli.run(new String[]{"train", "--help"})).isZero();

        assertThat(stdout()).contains("Commands:", "generate --rows N --out FILE.csv",
                "train --data FILE.csv --out DIR [--seed S] [--version V]");
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCodeTwo(@TempDir Path directory) throws Exception {
        assertUsageError(new String[]{}, null);
        assertUsageError(new String[]{"fly"}, "error: unknown command 'fly' (try --help)");
        assertUsageError(new String[]{"generate", "--rows", "ten", "--out", "x.csv"},
                "error: generate: --rows must be a whole number, got 'ten'");
        assertUsageError(new String[]{"generate", "--out", "x.csv"},
                "error: generate: --rows must be a positive whole number, got 0");
        assertUsageError(new String[]{"generate", "--rows", "5", "--colour", "red"},
                "error: generate: unknown option '--colour' (see generate --help)");
        assertUsageError(new String[]{"train", "--out", "dir"},
                "error: train: --data is required (see train --help)");
        assertUsageError(new String[]{"train", "--data", directory.resolve("absent.csv").toString(), "--out", "dir"},
                "error: no such file: " + directory.resolve("absent.csv"));

        Path broken = directory.resolve("broken.csv");
        Files.writeString(broken, KaggleCsv.header() + "\r\n1,0,0.5,40\r\n");
        assertUsageError(new String[]{"train", "--data", broken.toString(), "--out", "dir"},
                "error: line 2: expected 12 columns, got 4");
    }

    private void assertUsageError(String[] args, String expectedLine) {
        err.reset();
        assertThat(cli.run(args)).isEqualTo(CreditModelCli.USAGE);
        String printed = err.toString(StandardCharsets.UTF_8);
        if (expectedLine != null) {
            assertThat(printed).isEqualTo(expectedLine + System.lineSeparator());
        }
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }
}

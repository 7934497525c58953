package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import io.creditwatch.model.training.ModelTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        assertThat(cli.run("--help")).isZero();
        for (String command : new String[]{"generate", "train", "score", "evaluate", "describe"}) {
            assertThat(cli.run(command, "--help")).as(command).isZero();
        }

        assertThat(stdout()).contains("Commands:", "Usage: credit-model generate", "--rows=N", "--out=FILE.csv",
                "Usage: credit-model train", "--data=FILE.csv", "--version=V", "Usage: credit-model score",
                "Usage: credit-model evaluate", "Usage: credit-model describe");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCodeTwo(@TempDir Path directory) throws Exception {
        assertUsageError(new String[]{}, null);
        assertUsageError(new String[]{"fly"}, "error: credit-model: Unmatched argument at index 0: 'fly' (see credit-model --help)");
        assertUsageError(new String[]{"generate", "--rows", "ten", "--out", "x.csv"},
                "error: generate: Invalid value for option '--rows': 'ten' is not an int (see generate --help)");
        assertUsageError(new String[]{"generate", "--rows", "0", "--out", "x.csv"},
                "error: generate: --rows must be positive, got 0");
        assertUsageError(new String[]{"generate", "--rows", "5", "--out", "x.csv", "--colour", "red"},
                "error: generate: Unknown options: '--colour', 'red' (see generate --help)");
        assertUsageError(new String[]{"train", "--out", "dir"},
                "error: train: Missing required option: '--data=FILE.csv' (see train --help)");
        assertUsageError(new String[]{"train", "--data", directory.resolve("absent.csv").toString(), "--out", "dir"},
                "error: no such file: " + directory.resolve("absent.csv"));

        Path broken = directory.resolve("broken.csv");
        Files.writeString(broken, KaggleCsv.header() + "\r\n1,0,0.5,40\r\n");
        assertUsageError(new String[]{"train", "--data", broken.toString(), "--out", "dir"},
                "error: line 2: expected 12 columns, got 4");
    }

    /** score, evaluate and describe on the bundled model and generated data. */
    @Test
    void scoresEvaluatesAndDescribesABundle(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("data.csv");
        Path scores = directory.resolve("scores.csv");
        cli.run("generate", "--rows", "2000", "--seed", "11", "--out", csv.toString());

        assertThat(cli.run("score", "--model", "../models/default", "--data", csv.toString(), "--out", scores.toString()))
                .isZero();
        assertThat(cli.run("evaluate", "--model", "../models/default", "--data", csv.toString())).isZero();
        assertThat(cli.run("describe", "--model", "../models/default")).isZero();

        List<String> lines = Files.readAllLines(scores);
        assertThat(lines).hasSize(2001);
        assertThat(lines.get(0)).isEqualTo("row,probability,prediction,credit_score,risk_band");
        double[] expected = ModelBundle.read(Path.of("../models/default")).scorer()
                .probabilities(ModelTrainer.featureRows(KaggleCsv.read(csv)));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            double probability = Double.parseDouble(cells[1]);
            assertThat(cells[0]).isEqualTo(Integer.toString(i));
            assertThat(probability).isEqualTo(expected[i - 1]);
            assertThat(cells[2]).isEqualTo(probability >= 0.5 ? "1" : "0");
            assertThat(Long.parseLong(cells[3])).isEqualTo(Scorecard.STANDARD.score(probability));
            assertThat(cells[4]).isEqualTo(RiskBands.STANDARD.bandOf(probability));
        }
        assertThat(stdout()).contains("scored 2000 applications with model 1.0.0")
                .containsPattern("this data \\(2000 rows, \\d+ defaults\\): AUC-ROC 0\\.[6-9]\\d{3}")
                .contains("hold-out  (30000 rows, 2003 defaults): AUC-ROC 0.8326")
                .contains("model 1.0.0 (xgboost-binary-logistic, bundle format 3)")
                .contains("trained on synthetic-150k.csv (sha256 ").contains("reference profile: 120000 rows")
                .contains("  MonthlyIncome ");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** import an MLflow model directory made by Python (credit-model's fixture in src/test/resources/xgboost), then describe it. */
    @Test
    void importsAnMlflowModelAndDescribesWhereItCameFrom(@TempDir Path directory) throws Exception {
        Path mlflow = directory.resolve("mlflow-model");
        Files.createDirectories(mlflow);
        for (String name : List.of("MLmodel", "model.ubj")) {
            Files.copy(Path.of("../credit-model/src/test/resources/xgboost/mlflow-model").resolve(name), mlflow.resolve(name));
        }
        Path reference = directory.resolve("reference.csv");
        Path evaluation = directory.resolve("evaluation.csv");
        cli.run("generate", "--rows", "3000", "--seed", "1", "--out", reference.toString());
        cli.run("generate", "--rows", "3000", "--seed", "2", "--out", evaluation.toString());
        Path bundle = directory.resolve("bundle");

        assertThat(cli.run("import", "--model", mlflow.toString(), "--reference", reference.toString(), "--evaluation",
                evaluation.toString(), "--out", bundle.toString(), "--version", "py-7")).isZero();
        assertThat(cli.run("describe", "--model", bundle.toString())).isZero();

        assertThat(bundle.resolve("model.ubj")).hasSameBinaryContentAs(mlflow.resolve("model.ubj"));
        assertThat(stdout()).contains("MLflow model of run 0f3c2a9be6d04c1f9a7e5b21c8d4e6f0, model file model.ubj")
                .contains("read binary:logistic booster (UBJ, 25 rounds, saved by XGBoost 1.7.4)")
                .contains("model py-7 imported from model.ubj (xgboost-binary-logistic, sha256 ")
                .contains("model py-7 (xgboost-binary-logistic, bundle format 3)")
                .contains("MLflow run 0f3c2a9be6d04c1f9a7e5b21c8d4e6f0, model 5b1e9c7d2f8a4e3b9c6d1a0f7e2b4c8d (MLflow 2.16.2)")
                .contains("reference reference.csv (sha256 ");
        assertUsageError(new String[]{"import", "--model", directory.resolve("none.json").toString(), "--reference",
                reference.toString(), "--evaluation", evaluation.toString(), "--out", bundle.toString()},
                "error: no such file: " + directory.resolve("none.json"));
        assertUsageError(new String[]{"import", "--model", reference.toString(), "--reference", reference.toString(),
                "--evaluation", evaluation.toString(), "--out", bundle.toString()},
                "error: " + reference + ": not an XGBoost model: neither JSON nor UBJSON");
    }

    private void assertUsageError(String[] args, String expectedLine) {
        out.reset();
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

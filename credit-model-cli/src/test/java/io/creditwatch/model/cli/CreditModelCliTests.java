package io.creditwatch.model.cli;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.FileDigest;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.estimation.CalibrationMap;
import io.creditwatch.model.estimation.EstimationReference;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.reasons.Reason;
import io.creditwatch.model.reasons.ReasonRanker;
import io.creditwatch.model.schema.Feature;
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
import java.util.Arrays;
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

        assertThat(cli.run(new String[]{"generate", "--rows", "3000", "--seed", "5", "--out", csv.toString()}))
                .isZero();
        assertThat(Files.readString(csv)).startsWith(KaggleCsv.header() + "\r\n1,");
        assertThat(cli.run(new String[]{"train", "--data", csv.toString(), "--out", bundle.toString(),
                "--version", "cli-1", "--trees", "20"})).isZero();

        assertThat(stdout()).contains("model cli-1 trained on 2400 rows").containsPattern("AUC-ROC 0\\.\\d{4}")
                .containsPattern("\\[ *\\d+\\.\\d s\\] training 20 rounds of XGBoost")
                .contains("] writing the bundle to " + bundle);
        assertThat(ModelBundle.readCard(bundle).modelVersion()).isEqualTo("cli-1");
        CalibrationMap map = ModelBundle.readCard(bundle).calibration();
        assertThat(map.method()).isIn(CalibrationMap.ISOTONIC, CalibrationMap.NONE);
        assertThat(map.reference().rows()).isEqualTo(600);
        assertThat(map.reference().aucRange()).as("600 rows hold no two chunks of 1,000").isNull();
        assertThat(stdout()).contains("calibration: " + map.method()).contains(map.reason())
                .containsPattern("estimate standard errors at 1000 rows: AUC-ROC 0\\.\\d{4}  accuracy 0\\.\\d{4}")
                .contains("hold-out AUC over chunks: none, 600 rows hold fewer than two chunks of 1000");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("3,000 rows hold about 40 defaults out")
                .startsWith("warning: only ").contains("defaults in the hold-out");
        ModelCard card = ModelBundle.readCard(bundle);
        long fileDefaults = KaggleCsv.read(csv).stream().mapToInt(CreditRecord::label).sum();
        assertThat(stdout()).as("the training rows' own defaults, not the file's")
                .contains("trained on 2400 rows (" + (fileDefaults - card.holdout().positives()) + " defaults)");

        Path other = directory.resolve("other.csv");
        cli.run("generate", "--rows", "3000", "--seed", "6", "--out", other.toString());
        err.reset();
        assertThat(cli.run("evaluate", "--model", bundle.toString(), "--data", other.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).as("other rows: no warning").isEmpty();
        assertThat(cli.run("evaluate", "--model", bundle.toString(), "--data", csv.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("warning: " + csv + " is the model's training file")
                .contains("2400 of its rows trained the model, so these metrics are optimistic");
    }

    /**
     * train chooses the cut-off at an 85% hold-out approval rate, or at the rate or PD given; cutoff
     * chooses it again for an existing bundle on the same hold-out, drawn again from the same data,
     * and touches nothing but the card.
     */
    @Test
    void trainChoosesTheCutOffAndCutoffChoosesItAgain(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("data.csv");
        Path bundle = directory.resolve("bundle");
        cli.run("generate", "--rows", "6000", "--seed", "7", "--out", csv.toString());

        assertThat(cli.run("train", "--data", csv.toString(), "--out", bundle.toString(), "--trees", "10")).isZero();
        ModelCard.Decision trained = ModelBundle.readCard(bundle).decision();
        assertThat(trained.holdout().approvalRate()).isEqualTo(0.85);
        assertThat(stdout()).contains("cut-off PD " + trained.cutOff().pd() + ", the PD at which 85% of the "
                + ModelBundle.readCard(bundle).holdout().rows() + " hold-out rows are approved")
                .contains("approval rate 0.8500");

        byte[] model = Files.readAllBytes(bundle.resolve("model.json"));
        byte[] profile = Files.readAllBytes(bundle.resolve("reference-profile.json"));
        assertThat(cli.run("cutoff", "--model", bundle.toString(), "--data", csv.toString(), "--approval-rate", "0.7"))
                .isZero();
        ModelCard.Decision seventy = ModelBundle.readCard(bundle).decision();
        assertThat(seventy.holdout().approvalRate()).isEqualTo(0.7);
        assertThat(seventy.cutOff().pd()).isLessThan(trained.cutOff().pd());
        assertThat(Files.readAllBytes(bundle.resolve("model.json"))).isEqualTo(model);
        assertThat(Files.readAllBytes(bundle.resolve("reference-profile.json"))).isEqualTo(profile);

        assertThat(cli.run("cutoff", "--model", bundle.toString(), "--data", csv.toString(), "--approval-rate", "0.85"))
                .isZero();
        assertThat(ModelBundle.readCard(bundle).decision()).isEqualTo(trained);

        assertThat(cli.run("train", "--data", csv.toString(), "--out", bundle.toString(), "--trees", "10",
                "--cutoff-pd", "0.2")).isZero();
        assertThat(ModelBundle.readCard(bundle).cutOff().pd()).isEqualTo(0.2);

        Path other = directory.resolve("other.csv");
        cli.run("generate", "--rows", "6000", "--seed", "8", "--out", other.toString());
        err.reset();
        assertThat(cli.run("cutoff", "--model", bundle.toString(), "--data", other.toString())).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not the training data's");
        err.reset();
        assertThat(cli.run("train", "--data", csv.toString(), "--out", bundle.toString(), "--cutoff-pd", "0.2",
                "--approval-rate", "0.8")).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give --cutoff-pd or --approval-rate, not both");
    }

    @Test
    void refusesDataTooSmallForAHoldout(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("tiny.csv");
        cli.run(new String[]{"generate", "--rows", "8", "--out", csv.toString()});

        err.reset();
        assertThat(cli.run(new String[]{"train", "--data", csv.toString(), "--out", directory.resolve("b").toString()}))
                .isEqualTo(CreditModelCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: too little data: the 20% hold-out of 8 rows holds ")
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

    /** Without --months, generate writes what it wrote before dates existed: the SHA-256 of this file at commit 5d5d30f. */
    @Test
    void undatedOutputIsUnchanged(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("undated.csv");
        cli.run("generate", "--rows", "2000", "--seed", "42", "--out", csv.toString());

        assertThat(FileDigest.sha256(csv))
                .isEqualTo("8745d3c12697fb1d678201d38084312ef87d3f5ccc0759093d8607b4c58f16ed");
        assertThat(stdout()).as("2,000 rows of seed 42 hold no age 0").doesNotContain("note:");
    }

    /** The README's 150,000 rows hold two of the real data's impossible ages; generate says what each command does with them. */
    @Test
    void saysWhereTheImpossibleAgesWillBeRefused(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("synthetic-150k.csv");
        assertThat(cli.run("generate", "--rows", "150000", "--seed", "42", "--out", csv.toString())).isZero();

        long zeros = KaggleCsv.read(csv).stream().filter(record -> record.get(Feature.AGE) == 0).count();
        assertThat(zeros).isEqualTo(2);
        assertThat(stdout()).contains("note: 2 rows have age 0, as the real data does (about 1 in 150,000): train and "
                + "score take it as it is, POST /predict refuses it (age 18 to 120) and backfill skips it as a bad row");
    }

    @Test
    void generatesDatedRows(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("dated.csv");
        Path again = directory.resolve("again.csv");
        String[] args = {"generate", "--rows", "3000", "--seed", "5", "--months", "30", "--today", "2026-11-17",
                "--seasoning",
                "0,0,0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.75,0.8,0.85,0.9,0.92,0.94,0.96,0.97,0.98,0.99,0.992,"
                        + "0.994,0.996,0.998,1",
                "--out", csv.toString()};

        assertThat(cli.run(args)).isZero();
        args[args.length - 1] = again.toString();
        assertThat(cli.run(args)).isZero();

        assertThat(stdout()).contains("wrote 3000 rows applied from 2024-06-01 to 2026-11-17 to " + csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(KaggleCsv.header() + ",application_date,outcome_date");
        assertThat(lines).hasSize(3001).allSatisfy(line -> assertThat(line).doesNotContain("2026-11-18"));
        assertThat(lines.subList(1, lines.size())).filteredOn(line -> line.split(",")[1].equals("0"))
                .allSatisfy(line -> assertThat(line).endsWith(",2026-11-17"));
        assertThat(Files.readString(again)).isEqualTo(Files.readString(csv));
        assertThat(KaggleCsv.read(csv)).as("a dated file trains and evaluates like any other").hasSize(3000);
    }

    @Test
    void outcomeDefinitionGoesOnTheCardAndDescribePrintsIt(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("data.csv");
        cli.run("generate", "--rows", "3000", "--seed", "5", "--out", csv.toString());
        Path twelve = directory.resolve("twelve");
        Path standard = directory.resolve("standard");
        String shares = "0,0,0,0.1,0.25,0.4,0.55,0.7,0.8,0.88,0.94,0.98,1";

        assertThat(cli.run("train", "--data", csv.toString(), "--out", twelve.toString(), "--trees", "10",
                "--performance-window", "12", "--seasoning", shares)).isZero();
        assertThat(cli.run("train", "--data", csv.toString(), "--out", standard.toString(), "--trees", "10")).isZero();
        out.reset();
        assertThat(cli.run("describe", "--model", twelve.toString())).isZero();

        ModelCard card = ModelBundle.readCard(twelve);
        assertThat(card.performanceWindowMonths()).isEqualTo(12);
        assertThat(card.seasoningCurve().cumulativeShare()).containsExactly(0.0, 0.0, 0.0, 0.1, 0.25, 0.4, 0.55, 0.7,
                0.8,
                0.88, 0.94, 0.98, 1.0);
        assertThat(card.seasoningCurve().source()).isEqualTo("given");
        assertThat(ModelBundle.readCard(standard).performanceWindowMonths()).isEqualTo(24);
        assertThat(ModelBundle.readCard(standard).seasoningCurve()).isEqualTo(SeasoningCurve.standard(24));
        assertThat(stdout()).contains("outcome: default within 12 months of the application; seasoning curve (given): "
                + "0.0000,0.0000,0.0000,0.1000,0.2500,0.4000,0.5500,0.7000,0.8000,0.8800,0.9400,0.9800,1.0000");

        assertUsageError(new String[]{"train", "--data", csv.toString(), "--out", directory.resolve("x").toString(),
                "--performance-window", "12", "--seasoning", "0,0.5,1"},
                "error: --seasoning gives 3 shares; a window of 12 months needs 13 (months on book 0 to 12)");
        assertUsageError(new String[]{"train", "--data", csv.toString(), "--out", directory.resolve("x").toString(),
                "--performance-window", "0"}, "error: a performance window is 1 to 120 months, not 0");
        assertThat(directory.resolve("x")).doesNotExist();
    }

    @Test
    void helpForEachCommand() {
        assertThat(cli.run("--help")).isZero();
        for (String command : new String[]{"generate", "train", "import", "score", "evaluate", "describe",
                "backfill"}) {
            assertThat(cli.run(command, "--help")).as(command).isZero();
        }

        assertThat(stdout()).contains("Commands:", "Usage: credit-model generate", "--rows=N", "--out=FILE.csv",
                "Usage: credit-model train", "--data=FILE.csv", "--version=V", "Usage: credit-model score",
                "Usage: credit-model evaluate", "Usage: credit-model describe", "--months=N", "--today=YYYY-MM-DD",
                "--performance-window=MONTHS", "Usage: credit-model backfill", "--store=JDBC_URL");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCodeTwo(@TempDir Path directory) throws Exception {
        assertUsageError(new String[]{}, null);
        assertUsageError(new String[]{"fly"},
                "error: credit-model: Unmatched argument at index 0: 'fly' (see credit-model --help)");
        assertUsageError(new String[]{"generate", "--rows", "ten", "--out", "x.csv"},
                "error: generate: Invalid value for option '--rows': 'ten' is not an int (see generate --help)");
        assertUsageError(new String[]{"generate", "--rows", "0", "--out", "x.csv"},
                "error: generate: --rows must be positive, got 0");
        assertUsageError(new String[]{"generate", "--rows", "5", "--out", "x.csv", "--colour", "red"},
                "error: generate: Unknown options: '--colour', 'red' (see generate --help)");
        assertUsageError(new String[]{"generate", "--rows", "5", "--out", "x.csv", "--months", "12"},
                "error: generate: --months needs --today, the day the history ends");
        assertUsageError(new String[]{"generate", "--rows", "5", "--out", "x.csv", "--today", "2026-01-01"},
                "error: generate: --today and --seasoning date the rows, and need --months");
        assertUsageError(
                new String[]{"generate", "--rows", "5", "--out", "x.csv", "--months", "12", "--today", "1/1/26"},
                "error: generate: Invalid value for option '--today': '1/1/26' is not a date YYYY-MM-DD (see generate --help)");
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

        assertThat(
                cli.run("score", "--model", "../models/default", "--data", csv.toString(), "--out", scores.toString()))
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
            // the bundle's cut-off, PD 0.1072, not its threshold
            assertThat(cells[2]).isEqualTo(probability >= 0.10721649944828643 ? "1" : "0");
            assertThat(Long.parseLong(cells[3])).isEqualTo(Scorecard.STANDARD.score(probability));
            assertThat(cells[4]).isEqualTo(RiskBands.STANDARD.bandOf(probability));
        }
        assertThat(stdout()).contains("scored 2000 applications with model 1.0.0")
                .containsPattern("this data \\(2000 rows, \\d+ defaults\\): AUC-ROC 0\\.[6-9]\\d{3}")
                .contains("hold-out  (30000 rows, 2003 defaults): AUC-ROC 0.8326")
                .containsPattern(
                        "this data at the cut-off PD 0\\.1072\\d*: approval rate 0\\.8\\d{3}, accuracy 0\\.\\d{4}, "
                                + "precision 0\\.\\d{4}, recall 0\\.\\d{4}, F1 0\\.\\d{4}")
                .contains(
                        "the PD at which 85% of the 30000 hold-out rows are approved (the 25500 with a lower PD): approval "
                                + "rate 0.8500, accuracy 0.8618, precision 0.2620, recall 0.5886, F1 0.3626");
        assertThat(stdout().split("the PD at which 85% of the 30000 hold-out rows", -1))
                .as("evaluate and describe each "
                        + "show the card's hold-out at its cut-off")
                .hasSize(3);
        assertThat(stdout())
                .contains("model 1.0.0 (xgboost-binary-logistic, bundle format 3)")
                .contains("trained on synthetic-150k.csv (sha256 ").contains("reference profile: 120000 rows")
                .contains("calibration: none: isotonic regression does not significantly lower the ECE")
                .contains("outcome: default within 24 months of the application; seasoning curve (standard): ")
                .contains("  MonthlyIncome ")
                .as("grades printed as they hold their PDs: [lower, upper), the last one closed")
                .contains("grade 1  PD [0.0000, 0.0340)  16078 rows")
                .contains("grade 8  PD [0.5500, 1.0000]  382 rows");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** score --reasons: each declined row gets the reasons the bundle gives it, recomputed here; an approved row none. */
    @Test
    void scoreWritesTheReasonsOfEveryDecline(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("data.csv");
        Path scores = directory.resolve("scores.csv");
        cli.run("generate", "--rows", "1000", "--seed", "12", "--out", csv.toString());

        assertThat(
                cli.run("score", "--model", "../models/default", "--data", csv.toString(), "--out", scores.toString(),
                        "--reasons", "--reasons-top", "2"))
                .isZero();

        List<String> lines = Files.readAllLines(scores);
        assertThat(lines.get(0)).isEqualTo("row,probability,prediction,credit_score,risk_band,reason_1_code,"
                + "reason_1_description,reason_1_contribution,reason_2_code,reason_2_description,reason_2_contribution");
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        List<CreditRecord> records = KaggleCsv.read(csv);
        ReasonRanker ranker = new ReasonRanker(bundle.card().reasons(), 2);
        int declines = 0;
        for (int i = 1; i < lines.size(); i++) {
            // a description with a comma is quoted (RFC 4180), the default INCOME one among them
            String[] cells = lines.get(i).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            assertThat(cells).hasSize(11);
            if (cells[2].equals("0")) {
                assertThat(String.join("", Arrays.copyOfRange(cells, 5, 11))).isEmpty();
                continue;
            }
            declines++;
            List<Reason> expected = ranker.reasons(bundle.scorer().contributions(records.get(i - 1).features()));
            assertThat(cells[5]).isEqualTo(expected.get(0).code());
            String description = expected.get(0).description();
            assertThat(cells[6]).isEqualTo(description.contains(",") ? "\"" + description + "\"" : description);
            assertThat(Double.parseDouble(cells[7])).isEqualTo(expected.get(0).contribution()).isPositive();
            assertThat(cells[8]).isEqualTo(expected.get(1).code());
        }
        assertThat(declines).as("declined rows").isGreaterThan(5);

        assertThat(
                cli.run("score", "--model", "../models/default", "--data", csv.toString(), "--out", scores.toString(),
                        "--reasons=all"))
                .isZero();
        assertThat(Files.readAllLines(scores).get(1).split(",", -1)[5]).isNotEmpty();
    }

    @Test
    void describeSaysWhyACardWithoutACalibrationMapGetsNoEstimates(@TempDir Path directory) throws Exception {
        ModelBundle bundled = ModelBundle.read(Path.of("../models/default"));
        ModelCard card = bundled.card();
        ModelCard withoutMap = new ModelCard(card.formatVersion(), card.modelVersion(), card.createdAt(),
                card.modelType(), card.features(), card.positiveLabel(), card.threshold(), card.data(),
                card.parameters(), card.holdout(), card.masterScale(), card.origin(), card.performanceWindowMonths(),
                card.seasoningCurve(), null, card.reasonCodes(), card.holdoutCurve(), card.decision());
        Path bundle = directory.resolve("older");
        new ModelBundle(bundled.booster(), bundled.columns(), bundled.positiveClass(), withoutMap, bundled.profile())
                .write(bundle);

        assertThat(cli.run(new String[]{"describe", "--model", bundle.toString()})).isZero();

        assertThat(stdout()).contains("calibration: none recorded; performance is not estimated: the model card has no "
                + "calibration map");
    }

    /** import an MLflow model directory made by Python (credit-model's fixture in src/test/resources/xgboost), then describe it. */
    @Test
    void importsAnMlflowModelAndDescribesWhereItCameFrom(@TempDir Path directory) throws Exception {
        Path mlflow = directory.resolve("mlflow-model");
        Files.createDirectories(mlflow);
        for (String name : List.of("MLmodel", "model.ubj")) {
            Files.copy(Path.of("../credit-model/src/test/resources/xgboost/mlflow-model").resolve(name),
                    mlflow.resolve(name));
        }
        Path reference = directory.resolve("reference.csv");
        Path evaluation = directory.resolve("evaluation.csv");
        cli.run("generate", "--rows", "3000", "--seed", "1", "--out", reference.toString());
        cli.run("generate", "--rows", "3000", "--seed", "2", "--out", evaluation.toString());
        Path bundle = directory.resolve("bundle");

        assertThat(cli.run("import", "--model", mlflow.toString(), "--reference", reference.toString(), "--evaluation",
                evaluation.toString(), "--out", bundle.toString(), "--version", "py-7", "--performance-window", "36"))
                .isZero();
        assertThat(cli.run("describe", "--model", bundle.toString())).isZero();

        assertThat(bundle.resolve("model.ubj")).hasSameBinaryContentAs(mlflow.resolve("model.ubj"));
        assertThat(ModelBundle.readCard(bundle).window().months()).isEqualTo(36);
        CalibrationMap map = ModelBundle.readCard(bundle).calibration();
        assertThat(map.reference().rows()).as("the evaluation file's rows").isEqualTo(3000);
        assertThat(map.reference().aucRange()).as("3,000 rows: three chunks of 1,000").isNotNull()
                .extracting(EstimationReference.AucRange::chunks).isEqualTo(3);
        assertThat(stdout())
                .containsPattern("(?s)evaluation \\(3000 rows.*calibration: (isotonic \\(\\d+ points\\)|none): ")
                .containsPattern(
                        "(?s)model py-7 \\(xgboost.*calibration: (isotonic|none).*hold-out AUC over 3 chunks of 1000 "
                                + "rows: mean 0\\.\\d{4}, sd 0\\.\\d{4}, range \\[0\\.\\d{4}, 0\\.\\d{4}\\]");
        assertThat(ModelBundle.readCard(bundle).seasoningCurve()).isEqualTo(SeasoningCurve.standard(36));
        assertThat(stdout()).contains("MLflow model of run 0f3c2a9be6d04c1f9a7e5b21c8d4e6f0, model file model.ubj")
                .contains("read binary:logistic booster (UBJ, 25 rounds, saved by XGBoost 1.7.4)")
                .contains("model py-7 imported from model.ubj (xgboost-binary-logistic, sha256 ")
                .contains("model py-7 (xgboost-binary-logistic, bundle format 3)")
                .contains(
                        "MLflow run 0f3c2a9be6d04c1f9a7e5b21c8d4e6f0, model 5b1e9c7d2f8a4e3b9c6d1a0f7e2b4c8d (MLflow 2.16.2)")
                .contains("reference reference.csv (sha256 ")
                .contains("outcome: default within 36 months of the application; seasoning curve (standard): 0.0000,");
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

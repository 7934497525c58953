package io.creditwatch.model.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.FileDigest;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.outcome.Maturity;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.scoring.RiskBands;
import io.creditwatch.model.scoring.Scorecard;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoredOutcome;
import io.creditwatch.store.StoredPrediction;
import io.creditwatch.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 17);
    private static final Path MODEL = Path.of("../models/default");
    private static final String DATE_COLUMNS = ",application_date,outcome_date";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CreditModelCli cli = new CreditModelCli(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(TODAY.atTime(15, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));

    /** The same loads on both dialects. */
    abstract class Contract {

        HikariDataSource dataSource;

        abstract HikariDataSource freshStore(Path directory);

        @AfterEach
        void dispose() {
            if (dataSource != null) {
                TestDatabases.dispose(dataSource);
            }
        }

        /**
         * Each valid row becomes the prediction the service would have made on its application day,
         * each outcome a label final or censored by the card's window; loading the file again stores nothing.
         */
        @Test
        void storesEachRowAsThePredictionTheServiceWouldHaveMadeAndReRunningStoresNothingTwice(@TempDir Path directory)
                throws Exception {
            dataSource = freshStore(directory);
            List<DatedCreditRecord> history = new DatedCreditGenerator(3, TODAY, 30, SeasoningCurve.standard(24))
                    .generate(12_000);
            Path csv = directory.resolve("history.csv");
            KaggleCsv.writeDated(csv, history);

            assertThat(backfill(csv)).as(() -> err.toString(StandardCharsets.UTF_8)).isZero();

            ModelBundle bundle = ModelBundle.read(MODEL);
            ModelCard card = bundle.card();
            PredictionStore store = new PredictionStore(dataSource, dataSource.getJdbcUrl());
            List<StoredPrediction> predictions = store.predictionsAfter(0, 20_000);
            List<StoredOutcome> labels = store.outcomesAfter(0, 20_000);
            double[] probabilities = bundle.scorer().probabilities(history.stream().map(d -> d.record().features())
                    .toArray(double[][]::new));
            String sha256 = FileDigest.sha256(csv);
            Map<String, Integer> lineOf = new HashMap<>();
            long valid = 0;
            long[] byMaturity = new long[Maturity.values().length];
            for (int i = 0; i < history.size(); i++) {
                DatedCreditRecord dated = history.get(i);
                if (dated.record().features()[1] < 18) {
                    continue;
                }
                valid++;
                lineOf.put(Backfill.derivedId(sha256, i + 2), i);
                byMaturity[card.window().classify(dated.applicationDate(), dated.record().label(), dated.outcomeDate())
                        .ordinal()]++;
            }
            assertThat(predictions).hasSize((int) valid);
            for (StoredPrediction stored : predictions) {
                int i = lineOf.get(stored.predictionId());
                assertThat(stored.probability()).isEqualTo(probabilities[i]);
                assertThat(stored.predictedClass()).isEqualTo(probabilities[i] >= card.cutOff().pd() ? 1 : 0);
                assertThat(stored.predictedAtMillis())
                        .isEqualTo(history.get(i).applicationDate().atStartOfDay(ZoneOffset.UTC).toInstant()
                                .toEpochMilli());
                assertThat(stored.features()).containsExactly(history.get(i).record().features());
            }
            assertThat(labels).hasSize((int) valid);
            long finals = labels.stream().filter(StoredOutcome::isFinal).count();
            assertThat(finals)
                    .isEqualTo(byMaturity[Maturity.DEFAULT.ordinal()] + byMaturity[Maturity.PERFORMING.ordinal()]);
            assertThat(labels).allSatisfy(label -> assertThat(label.observedAtMillis())
                    .isEqualTo(history.get(lineOf.get(label.predictionId())).outcomeDate()
                            .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
            assertThat(stdout())
                    .contains(String.format("%d predictions stored, %d bad rows skipped, 0 already in the store",
                            valid, history.size() - valid))
                    .contains(String.format("outcomes: %d stored (%d defaults and %d "
                            + "performing, final; %d performing so far), 0 already in the store, 0 rows without an outcome",
                            valid, byMaturity[0], byMaturity[1], byMaturity[2]));

            out.reset();
            assertThat(backfill(csv)).isZero();

            assertThat(store.lastPredictionSeq()).isEqualTo(predictions.get(predictions.size() - 1).seq());
            assertThat(store.lastOutcomeSeq()).isEqualTo(labels.get(labels.size() - 1).seq());
            assertThat(stdout())
                    .contains(String.format("0 predictions stored, %d bad rows skipped, %d already in the store",
                            history.size() - valid, valid))
                    .contains(String.format("outcomes: 0 stored (0 defaults and 0 "
                            + "performing, final; 0 performing so far), %d already in the store", valid));
        }

        int backfill(Path csv) {
            return cli.run("backfill", "--model", MODEL.toString(), "--data", csv.toString(), "--store",
                    dataSource.getJdbcUrl(), "--store-user",
                    dataSource.getUsername() == null ? "" : dataSource.getUsername());
        }
    }

    @Nested
    class OnSqlite extends Contract {
        @Override
        HikariDataSource freshStore(Path directory) {
            return TestDatabases.sqlite(directory);
        }
    }

    @Nested
    class OnPostgres extends Contract {
        @Override
        HikariDataSource freshStore(Path directory) {
            return TestDatabases.postgres();
        }
    }

    /** Every kind of bad row is reported with its line and skipped; the first 20 are printed, then a count. */
    @Test
    void badRowsAreReportedWithTheirLineAndSkipped(@TempDir Path directory) throws Exception {
        HikariDataSource dataSource = TestDatabases.sqlite(directory);
        try {
            String good = "0,0.5,40,0,0.3,5000,4,0,1,0,2";
            List<String> lines = new ArrayList<>(List.of(
                    KaggleCsv.header() + DATE_COLUMNS,
                    "1," + good + ",2026-01-05,2026-11-17",
                    "2," + good + ",2026-11-18,",
                    "3," + good + ",2026-01-05,2025-12-31",
                    "4," + good + ",2026-01-05,2026-11-18",
                    "5," + good + ",05/01/2026,",
                    "6," + good + ",,",
                    "7,0,0.5,5,0,0.3,5000,4,0,1,0,x,2026-01-05,",
                    "8,2,0.5,40,0,0.3,5000,4,0,1,0,2,2026-01-05,",
                    "9,,0.5,40,0,0.3,5000,4,0,1,0,2,2026-01-05,2026-02-01",
                    "10," + good + ",2026-01-05",
                    "11,," + good.substring(2) + ",2026-01-05,"));
            for (int i = 12; i <= 36; i++) {
                lines.add(i + "," + good + ",2026-13-01,");
            }
            Path csv = directory.resolve("bad.csv");
            Files.writeString(csv, String.join("\r\n", lines) + "\r\n");

            assertThat(cli.run("backfill", "--model", MODEL.toString(), "--data", csv.toString(), "--store",
                    dataSource.getJdbcUrl())).isZero();

            assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).startsWith(
                    "skipped line 3: application_date 2026-11-18 is in the future (today is 2026-11-17)",
                    "skipped line 4: outcome_date 2025-12-31 is before the application (2026-01-05)",
                    "skipped line 5: outcome_date 2026-11-18 is in the future (today is 2026-11-17)",
                    "skipped line 6: application_date holds '05/01/2026', not a date YYYY-MM-DD",
                    "skipped line 7: application_date is required",
                    "skipped line 8: age must be between 18 and 120; NumberOfDependents must be a number, got 'x'",
                    "skipped line 9: SeriousDlqin2yrs must be 0, 1 or empty, got '2'",
                    "skipped line 10: outcome_date is given but SeriousDlqin2yrs is not",
                    "skipped line 11: expected 14 columns, got 13",
                    "skipped line 13: application_date holds '2026-13-01', not a date YYYY-MM-DD")
                    .hasSize(21).endsWith("... and 14 more bad rows skipped");
            assertThat(stdout()).contains("read 36 rows in ").contains("2 predictions stored, 34 bad rows skipped, "
                    + "0 already in the store").contains("outcomes: 1 stored (0 defaults and 0 performing, final; 1 "
                            + "performing so far), 0 already in the store, 1 rows without an outcome");
        } finally {
            TestDatabases.dispose(dataSource);
        }
    }

    /** With --challenger each prediction also holds the challenger's decision, under the same id, with its version. */
    @Test
    void aChallengerScoresEveryRowInTheShadow(@TempDir Path directory) throws Exception {
        Path challenger = directory.resolve("challenger");
        Files.createDirectories(challenger);
        try (var files = Files.list(MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, challenger.resolve(file.getFileName()));
            }
        }
        Path card = challenger.resolve(ModelBundle.CARD_FILE);
        Files.writeString(card,
                Files.readString(card).replace("\"model_version\" : \"1.0.0\"", "\"model_version\" : \"1.1.0\""));
        HikariDataSource dataSource = TestDatabases.sqlite(directory);
        try {
            Path csv = directory.resolve("history.csv");
            KaggleCsv.writeDated(csv,
                    new DatedCreditGenerator(5, TODAY, 12, SeasoningCurve.standard(24)).generate(300));

            assertThat(cli.run("backfill", "--model", MODEL.toString(), "--challenger", challenger.toString(), "--data",
                    csv.toString(), "--store", dataSource.getJdbcUrl())).as(() -> err.toString(StandardCharsets.UTF_8))
                    .isZero();

            List<StoredPrediction> predictions = new PredictionStore(dataSource, dataSource.getJdbcUrl())
                    .predictionsAfter(0, 1_000);
            assertThat(predictions).hasSizeGreaterThan(250).allSatisfy(prediction -> {
                assertThat(prediction.challenger().modelVersion()).isEqualTo("1.1.0");
                assertThat(prediction.challenger().probability()).isEqualTo(prediction.probability());
                assertThat(prediction.challenger().predictedClass()).isEqualTo(prediction.predictedClass());
            });
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("with challenger 1.1.0 in the shadow");
        } finally {
            TestDatabases.dispose(dataSource);
        }
    }

    /** A prediction_id column names the predictions, a CSV naming the features in any order is read; ids that are not UUIDs are refused. */
    @Test
    void usesThePredictionIdsOfTheFile(@TempDir Path directory) throws Exception {
        HikariDataSource dataSource = TestDatabases.sqlite(directory);
        try {
            String id = UUID.randomUUID().toString();
            Path csv = directory.resolve("ids.csv");
            Files.writeString(csv, "prediction_id,application_date,outcome_date,SeriousDlqin2yrs,age,"
                    + "RevolvingUtilizationOfUnsecuredLines,NumberOfTime30-59DaysPastDueNotWorse,DebtRatio,MonthlyIncome,"
                    + "NumberOfOpenCreditLinesAndLoans,NumberOfTimes90DaysLate,NumberRealEstateLoansOrLines,"
                    + "NumberOfTime60-89DaysPastDueNotWorse,NumberOfDependents\n"
                    + id + ",2023-03-01,2024-01-10,1.0,40,0.5,0,0.3,,4,0,1,0,\n"
                    + "not-a-uuid,2023-03-01,,,40,0.5,0,0.3,,4,0,1,0,\n");

            assertThat(cli.run("backfill", "--model", MODEL.toString(), "--data", csv.toString(), "--store",
                    dataSource.getJdbcUrl())).isZero();

            PredictionStore store = new PredictionStore(dataSource, dataSource.getJdbcUrl());
            List<StoredPrediction> predictions = store.predictionsAfter(0, 10);
            assertThat(predictions).extracting(StoredPrediction::predictionId).containsExactly(id);
            double probability = predictions.get(0).probability();
            assertThat(Scorecard.STANDARD.score(probability)).isPositive();
            assertThat(RiskBands.STANDARD.bandOf(probability)).isNotBlank();
            assertThat(store.finalOutcomes(List.of(id))).containsEntry(id, 1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .isEqualTo("skipped line 3: prediction_id holds 'not-a-uuid', "
                            + "not a UUID" + System.lineSeparator());
        } finally {
            TestDatabases.dispose(dataSource);
        }
    }

    @Test
    void refusesAFileWithoutApplicationDatesAndAStoreItCannotUse(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("undated.csv");
        cli.run("generate", "--rows", "10", "--out", csv.toString());
        err.reset();

        assertThat(cli.run("backfill", "--model", MODEL.toString(), "--data", csv.toString(), "--store",
                "jdbc:sqlite:" + directory.resolve("s.db"))).isEqualTo(CreditModelCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: backfill: " + csv
                + " has no application_date column" + System.lineSeparator());

        err.reset();
        assertThat(cli.run("backfill", "--model", MODEL.toString(), "--data", csv.toString(), "--store",
                "jdbc:mysql://localhost/x")).isEqualTo(CreditModelCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: the prediction store runs on SQLite");
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }
}

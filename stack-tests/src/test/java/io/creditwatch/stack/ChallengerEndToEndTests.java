package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Champion and challenger with the built jars and the project's rules. A seeded 36-month history is
 * backfilled twice, each row scored by two models as the service scores a champion and its shadow
 * challenger: once with a weak champion (two trees, trained here) against the bundled model as the
 * challenger, which truly ranks better; once with the bundled model against itself under another
 * version (two equal models). The built metrics-exporter monitors each store with its champion's
 * bundle; the Debian prometheus scraping both has {@code ModelChallengerOutperforms} pending for
 * the first only, and promtool, fed their scraped series for 90 minutes, fires it after its hour
 * for the first and never for the second.
 */
@Tag("end-to-end")
class ChallengerEndToEndTests {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Pattern SERIES = Pattern.compile("(?m)^(ml_challenger_\\w+)\\{([^}]*)\\} (\\S+)$");
    private static final String ALERT = "ModelChallengerOutperforms";

    @Test
    void aTrulyBetterChallengerRaisesTheAlertAndAnEqualOneDoesNot() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-challenger");
        Path bundled = Tools.ROOT.resolve("models/default");
        Path training = work.resolve("training.csv");
        KaggleCsv.write(training, new SyntheticCreditGenerator(91).generate(20_000));
        Path weak = work.resolve("weak");
        cli(work, "train", "--data", training.toString(), "--out", weak.toString(), "--version", "0.9.0-weak",
                "--trees", "2");
        Path same = work.resolve("same");
        ModelSwapTests.copyBundle(bundled, same);
        Path card = same.resolve(ModelBundle.CARD_FILE);
        Files.writeString(card,
                Files.readString(card).replace("\"model_version\" : \"1.0.0\"", "\"model_version\" : \"1.1.0\""));

        List<DatedCreditRecord> history = new DatedCreditGenerator(92, TODAY, 36,
                ModelBundle.readCard(bundled).seasoning()).generate(24_000).stream()
                .filter(row -> row.record().get(Feature.AGE) >= 18).toList();
        Path csv = work.resolve("history.csv");
        KaggleCsv.writeDated(csv, history);
        String better = backfill(work, "better", csv, weak, bundled);
        String equal = backfill(work, "equal", csv, bundled, same);

        try (LocalProcess betterExporter = exporter(work, "better", better, weak);
                LocalProcess equalExporter = exporter(work, "equal", equal, bundled)) {
            for (LocalProcess exporter : List.of(betterExporter, equalExporter)) {
                exporter.start("/health/liveness", Duration.ofSeconds(120));
                LocalProcess.await(Duration.ofSeconds(120), exporter.name + " comparing the two models",
                        () -> !Double.isNaN(exporter.metric("ml_challenger_delong_p_value", "")));
            }
            System.out.printf(
                    "[challenger] better: AUC %.4f against %.4f, p %.3g, swap in %.4f out %.4f; equal: p %.3g%n",
                    betterExporter.metric("ml_challenger_auc_roc", "role=\"challenger\""),
                    betterExporter.metric("ml_challenger_auc_roc", "role=\"champion\""),
                    betterExporter.metric("ml_challenger_delong_p_value", ""),
                    betterExporter.metric("ml_challenger_swap_set_ratio", "direction=\"swap_in\""),
                    betterExporter.metric("ml_challenger_swap_set_ratio", "direction=\"swap_out\""),
                    equalExporter.metric("ml_challenger_delong_p_value", ""));
            assertThat(betterExporter.metric("ml_challenger_auc_difference", ""))
                    .as("the bundled model against two trees").isGreaterThan(0.01);
            assertThat(betterExporter.metric("ml_challenger_delong_p_value", "")).isLessThan(0.01);
            assertThat(equalExporter.metric("ml_challenger_auc_difference", "")).as("a model against itself").isZero();
            assertThat(equalExporter.metric("ml_challenger_delong_p_value", "")).isEqualTo(0.5);
            assertThat(equalExporter.metric("ml_challenger_swap_set_ratio", "direction=\"swap_in\"")).isZero();
            assertThat(betterExporter.metric("ml_challenger_swap_set_ratio", "direction=\"swap_in\"")).isPositive();
            Map<String, String> scraped = new TreeMap<>(RuleTestFile.scraped(betterExporter, "better", SERIES, 90));
            scraped.putAll(RuleTestFile.scraped(equalExporter, "equal", SERIES, 90));

            try (LocalProcess prometheus = OutcomesThroughTimeEndToEndTests.prometheus(work, betterExporter,
                    equalExporter)) {
                prometheus.start("/-/ready", Duration.ofSeconds(60));
                String betterInstance = "127.0.0.1:" + betterExporter.port;
                LocalProcess.await(Duration.ofMinutes(2), ALERT + " pending for the better challenger",
                        () -> OutcomesThroughTimeEndToEndTests.alerts(prometheus).stream()
                                .anyMatch(alert -> alert.at("/labels/alertname").asText().equals(ALERT)
                                        && alert.at("/labels/instance").asText().equals(betterInstance)));
                assertThat(OutcomesThroughTimeEndToEndTests.alerts(prometheus)).as(ALERT + " for the equal models")
                        .noneMatch(alert -> alert.at("/labels/alertname").asText().equals(ALERT)
                                && !alert.at("/labels/instance").asText().equals(betterInstance));
            }

            // at 50 minutes nothing has fired; at 65 (past the hour's for:) the better challenger's alert has, the
            // equal one's never
            String firing = "count(ALERTS{alertname=\"" + ALERT + "\", alertstate=\"firing\", instance=\"better\"})";
            Tools.Result promtool = new RuleTestFile(scraped).expectNone(firing, "50m").expectValue(firing, "65m", 1)
                    .expectNone("count(ALERTS{alertname=\"" + ALERT + "\", instance=\"equal\"})", "80m")
                    .run(work.resolve("challenger_test.yml"));
            assertThat(promtool.exitCode()).as(promtool.output()).isZero();
        }
    }

    private static void cli(Path work, String... arguments) {
        List<String> command = new java.util.ArrayList<>(
                List.of(JAVA, "-jar", Tools.ROOT.resolve("credit-model-cli/target/credit-model.jar").toString()));
        command.addAll(List.of(arguments));
        Tools.Result result = Tools.run(work, command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static String backfill(Path work, String name, Path csv, Path champion, Path challenger) {
        String store = ServiceProcess.sqliteStore(work.resolve(name + ".db"));
        cli(work, "backfill", "--model", champion.toString(), "--challenger", challenger.toString(), "--data",
                csv.toString(), "--store", store);
        return store;
    }

    private static LocalProcess exporter(Path work, String name, String store, Path champion) {
        return ServiceProcess.exporter(work.resolve("exporter-" + name + ".log"))
                .named("metrics-exporter (" + name + ")").store(store).model(champion)
                .env("EXPORTER_CYCLE_INTERVAL", "2s").env("EXPORTER_QUALITY_WINDOW", "100000")
                .env("EXPORTER_DISK_PATH", work.toString()).build();
    }
}

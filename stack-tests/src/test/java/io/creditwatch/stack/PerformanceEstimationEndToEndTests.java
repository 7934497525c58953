package io.creditwatch.stack;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.OutcomeScenarios;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.training.ModelTrainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Estimated performance and attribution drift against what really happened, with the built jars and
 * the project's own rules. A seeded 36-month portfolio is backfilled three times: with concept
 * drift (the applicants the model ranks safest default too, so the outcomes no longer follow the
 * PDs; the applicants themselves unchanged), with covariate shift only (older applicants thinned
 * out, every outcome still drawn as before), and with a broken feed (the newest 10,000 decisions report
 * the same revolving utilization for everyone, so the model leans on other features). The built
 * metrics-exporter monitors each store; the Debian prometheus scraping them raises
 * {@code ModelConceptDriftSuspected} for the drifted portfolio only and {@code ModelAttributionDrift}
 * for the broken feed only (pending: their {@code for:} is 15 minutes), and promtool, fed the
 * exporters' scraped series for 30 minutes, fires each after its {@code for:}, while the shifted
 * portfolio raises no estimation alert at all.
 */
@Tag("end-to-end")
class PerformanceEstimationEndToEndTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Pattern SERIES = Pattern.compile("(?m)^(ml_\\w+)\\{([^}]*)\\} (\\S+)$");
    private static final List<String> ESTIMATION_ALERTS = List.of("ModelConceptDriftSuspected",
            "ModelEstimatedDiscriminationDeclined");

    @Test
    void conceptDriftAndAttributionDriftAreRaisedWhereTheyHappenAndCovariateShiftAloneRaisesNoEstimationAlert()
            throws Exception {
        Path work = Files.createTempDirectory("creditwatch-estimation");
        ModelBundle bundle = ModelBundle.read(Tools.ROOT.resolve("models/default"));
        SeasoningCurve curve = bundle.card().seasoning();
        List<DatedCreditRecord> history = new DatedCreditGenerator(41, TODAY, 36, curve).generate(36_000).stream()
                .filter(row -> row.record().get(Feature.AGE) >= 18).toList();
        double[] pds = bundle.scorer().probabilities(ModelTrainer.featureRows(
                history.stream().map(DatedCreditRecord::record).toList()));
        List<DatedCreditRecord> drifted = OutcomeScenarios.withExtraDefaults(history,
                i -> pds[i] < 0.03 ? 0.04 : 0, curve, TODAY, 42);
        Random thinning = new Random(43);
        List<DatedCreditRecord> shifted = history.stream()
                .filter(row -> row.record().get(Feature.AGE) < 40 || thinning.nextDouble() < 0.3).toList();
        // the store keeps arrival order; the newest 10,000 decisions, the exporter's drift window, had the broken feed
        int feedBroke = history.size() - 10_000;
        List<DatedCreditRecord> brokenFeed = IntStream.range(0, history.size())
                .mapToObj(i -> i < feedBroke ? history.get(i)
                        : new DatedCreditRecord(withUtilization(history.get(i).record(), 0.3),
                                history.get(i).applicationDate(),
                                history.get(i).outcomeDate()))
                .toList();

        String driftedStore = OutcomesThroughTimeEndToEndTests.backfill(work, "drifted", drifted);
        String shiftedStore = OutcomesThroughTimeEndToEndTests.backfill(work, "shifted", shifted);
        String brokenStore = OutcomesThroughTimeEndToEndTests.backfill(work, "broken", brokenFeed);
        try (LocalProcess driftedExporter = OutcomesThroughTimeEndToEndTests.exporter(work, "drifted", driftedStore);
                LocalProcess shiftedExporter = OutcomesThroughTimeEndToEndTests.exporter(work, "shifted", shiftedStore);
                LocalProcess brokenExporter = OutcomesThroughTimeEndToEndTests.exporter(work, "broken", brokenStore)) {
            List<LocalProcess> exporters = List.of(driftedExporter, shiftedExporter, brokenExporter);
            for (LocalProcess exporter : exporters) {
                exporter.start("/health/liveness", Duration.ofSeconds(120));
            }
            for (LocalProcess exporter : exporters) {
                LocalProcess.await(Duration.ofSeconds(120),
                        exporter.name + " publishing the estimate, the gap and the nDCG",
                        () -> !Double.isNaN(exporter.metric("ml_model_auc_roc_upper", "source=\"estimated\""))
                                && !Double.isNaN(exporter.metric("ml_model_auc_roc_gap", ""))
                                && !Double.isNaN(exporter.metric("ml_model_attribution_ndcg", "")));
            }
            assertThat(brokenExporter.metric("ml_model_attribution_ndcg", ""))
                    .as("the broken feed's ranking of features")
                    .isLessThan(0.9);
            assertThat(driftedExporter.metric("ml_model_attribution_ndcg", "")).as("the same applicants' ranking")
                    .isGreaterThanOrEqualTo(0.9);
            assertThat(driftedExporter.metric("ml_model_auc_roc_gap", ""))
                    .as("drifted: realized minus estimated AUC, below its band")
                    .isLessThan(driftedExporter.metric("ml_model_auc_roc_gap_lower", ""));
            assertThat(shiftedExporter.metric("ml_model_auc_roc_gap", ""))
                    .as("shifted: realized minus estimated AUC, inside its band")
                    .isGreaterThanOrEqualTo(shiftedExporter.metric("ml_model_auc_roc_gap_lower", ""));
            Map<String, String> scraped = new TreeMap<>(RuleTestFile.scraped(driftedExporter, "drifted", SERIES, 30));
            scraped.putAll(RuleTestFile.scraped(shiftedExporter, "shifted", SERIES, 30));
            scraped.putAll(RuleTestFile.scraped(brokenExporter, "broken", SERIES, 30));

            try (LocalProcess prometheus = OutcomesThroughTimeEndToEndTests.prometheus(work, driftedExporter,
                    shiftedExporter, brokenExporter)) {
                prometheus.start("/-/ready", Duration.ofSeconds(60));
                String driftedInstance = "127.0.0.1:" + driftedExporter.port;
                String brokenInstance = "127.0.0.1:" + brokenExporter.port;
                LocalProcess.await(Duration.ofMinutes(2), "ModelConceptDriftSuspected for the drifted portfolio and "
                        + "ModelAttributionDrift for the broken feed",
                        () -> raised(prometheus, "ModelConceptDriftSuspected",
                                driftedInstance) && raised(prometheus, "ModelAttributionDrift", brokenInstance));
                String shiftedInstance = "127.0.0.1:" + shiftedExporter.port;
                assertThat(OutcomesThroughTimeEndToEndTests.alerts(prometheus))
                        .as("estimation alerts, pending or firing, for the shifted portfolio")
                        .noneMatch(alert -> ESTIMATION_ALERTS.contains(alert.at("/labels/alertname").asText())
                                && alert.at("/labels/instance").asText().equals(shiftedInstance));
                assertThat(OutcomesThroughTimeEndToEndTests.alerts(prometheus)).as("attribution drift elsewhere")
                        .noneMatch(alert -> alert.at("/labels/alertname").asText().equals("ModelAttributionDrift")
                                && !alert.at("/labels/instance").asText().equals(brokenInstance));
            }

            Tools.Result promtool = ruleTest(scraped).run(work.resolve("estimation_test.yml"));
            assertThat(promtool.exitCode()).as(promtool.output()).isZero();
        }
    }

    private static boolean raised(LocalProcess prometheus, String alertname, String instance) {
        return OutcomesThroughTimeEndToEndTests.alerts(prometheus).stream()
                .anyMatch(alert -> alert.at("/labels/alertname").asText().equals(alertname)
                        && alert.at("/labels/instance").asText().equals(instance));
    }

    private static CreditRecord withUtilization(CreditRecord record, double utilization) {
        double[] features = record.features().clone();
        features[Feature.REVOLVING_UTILIZATION.ordinal()] = utilization;
        return new CreditRecord(features, record.label());
    }

    /**
     * A promtool test over the project's rule files: at 16 minutes (past the 15-minute {@code for:})
     * the drifted portfolio has {@code ModelConceptDriftSuspected} firing, the broken feed
     * {@code ModelAttributionDrift}, the shifted one no estimation alert in any state, and at 10
     * minutes nothing has fired yet.
     */
    private static RuleTestFile ruleTest(Map<String, String> scraped) throws java.io.IOException {
        String driftFiring = "count(ALERTS{alertname=\"ModelConceptDriftSuspected\", alertstate=\"firing\", instance=\"drifted\"})";
        String attributionFiring = "count(ALERTS{alertname=\"ModelAttributionDrift\", alertstate=\"firing\", instance=\"broken\"})";
        return new RuleTestFile(scraped)
                .expectNone(driftFiring, "10m").expectValue(driftFiring, "16m", 1)
                .expectNone(attributionFiring, "10m").expectValue(attributionFiring, "16m", 1)
                .expectNone("count(ALERTS{alertname=\"ModelAttributionDrift\", instance!=\"broken\"})", "16m")
                .expectNone("count(ALERTS{alertname=~\"" + String.join("|", ESTIMATION_ALERTS)
                        + "\", instance=\"shifted\"})", "16m");
    }
}

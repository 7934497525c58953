package io.creditwatch.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
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

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Pattern SERIES = Pattern.compile("(?m)^(ml_\\w+)\\{([^}]*)\\} (\\S+)$");
    private static final List<String> ESTIMATION_ALERTS =
            List.of("ModelConceptDriftSuspected", "ModelEstimatedDiscriminationDeclined");

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
        List<DatedCreditRecord> brokenFeed = IntStream.range(0, history.size()).mapToObj(i -> i < feedBroke ? history.get(i)
                : new DatedCreditRecord(withUtilization(history.get(i).record(), 0.3), history.get(i).applicationDate(),
                        history.get(i).outcomeDate())).toList();

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
                LocalProcess.await(Duration.ofSeconds(120), exporter.name + " publishing the estimate, the gap and the nDCG",
                        () -> !Double.isNaN(exporter.metric("ml_model_auc_roc_upper", "source=\"estimated\""))
                                && !Double.isNaN(exporter.metric("ml_model_auc_roc_gap", ""))
                                && !Double.isNaN(exporter.metric("ml_model_attribution_ndcg", "")));
            }
            assertThat(brokenExporter.metric("ml_model_attribution_ndcg", "")).as("the broken feed's ranking of features")
                    .isLessThan(0.9);
            assertThat(driftedExporter.metric("ml_model_attribution_ndcg", "")).as("the same applicants' ranking")
                    .isGreaterThanOrEqualTo(0.9);
            assertThat(driftedExporter.metric("ml_model_auc_roc_gap", ""))
                    .as("drifted: realized minus estimated AUC, below its band")
                    .isLessThan(driftedExporter.metric("ml_model_auc_roc_gap_lower", ""));
            assertThat(shiftedExporter.metric("ml_model_auc_roc_gap", ""))
                    .as("shifted: realized minus estimated AUC, inside its band")
                    .isGreaterThanOrEqualTo(shiftedExporter.metric("ml_model_auc_roc_gap_lower", ""));
            Map<String, String> scraped = new TreeMap<>(scrapedSeries(driftedExporter, "drifted"));
            scraped.putAll(scrapedSeries(shiftedExporter, "shifted"));
            scraped.putAll(scrapedSeries(brokenExporter, "broken"));

            try (LocalProcess prometheus = OutcomesThroughTimeEndToEndTests.prometheus(work, driftedExporter,
                    shiftedExporter, brokenExporter)) {
                prometheus.start("/-/ready", Duration.ofSeconds(60));
                String driftedInstance = "127.0.0.1:" + driftedExporter.port;
                String brokenInstance = "127.0.0.1:" + brokenExporter.port;
                LocalProcess.await(Duration.ofMinutes(2), "ModelConceptDriftSuspected for the drifted portfolio and "
                        + "ModelAttributionDrift for the broken feed", () -> raised(prometheus, "ModelConceptDriftSuspected",
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

            Tools.Result promtool = Tools.run(work, "promtool", "test", "rules",
                    writeRuleTest(work, scraped).toString());
            assertThat(promtool.exitCode()).as(promtool.output()).isZero();
        }
    }

    private static boolean raised(LocalProcess prometheus, String alertname, String instance) {
        return OutcomesThroughTimeEndToEndTests.alerts(prometheus).stream().anyMatch(alert ->
                alert.at("/labels/alertname").asText().equals(alertname) && alert.at("/labels/instance").asText().equals(instance));
    }

    private static CreditRecord withUtilization(CreditRecord record, double utilization) {
        double[] features = record.features().clone();
        features[Feature.REVOLVING_UTILIZATION.ordinal()] = utilization;
        return new CreditRecord(features, record.label());
    }

    /**
     * The exporter's {@code ml_*} series as promtool input, name and labels (with the job's and an
     * instance named {@code instance}) to a value held for 30 minutes.
     */
    private static Map<String, String> scrapedSeries(LocalProcess exporter, String instance) {
        Map<String, String> series = new TreeMap<>();
        Matcher matcher = SERIES.matcher(exporter.get("/metrics").body());
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(3));
            if (Double.isFinite(value)) {
                String labels = matcher.group(2).isEmpty() || matcher.group(2).endsWith(",")
                        ? matcher.group(2) : matcher.group(2) + ",";
                series.put(matcher.group(1) + "{" + labels + "job=\"metrics-exporter\",instance=\"" + instance + "\"}",
                        new BigDecimal(value).toPlainString() + "+0x30");
            }
        }
        return series;
    }

    /**
     * A promtool test over the project's rule files: at 16 minutes (past the 15-minute {@code for:})
     * the drifted portfolio has {@code ModelConceptDriftSuspected} firing, the broken feed
     * {@code ModelAttributionDrift}, the shifted one no estimation alert in any state, and at 10
     * minutes nothing has fired yet.
     */
    private static Path writeRuleTest(Path work, Map<String, String> scraped) throws Exception {
        ObjectNode test = YAML.createObjectNode();
        ArrayNode ruleFiles = test.putArray("rule_files");
        Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml")).path("rule_files")
                .forEach(file -> ruleFiles.add(Tools.ROOT.resolve("prometheus").resolve(file.asText()).toString()));
        test.put("evaluation_interval", "1m");
        ObjectNode suite = test.putArray("tests").addObject().put("interval", "1m");
        ArrayNode input = suite.putArray("input_series");
        scraped.forEach((series, values) -> input.addObject().put("series", series).put("values", values));
        ArrayNode expressions = suite.putArray("promql_expr_test");
        String driftFiring = "count(ALERTS{alertname=\"ModelConceptDriftSuspected\", alertstate=\"firing\", instance=\"drifted\"})";
        expressions.addObject().put("expr", driftFiring).put("eval_time", "10m").putArray("exp_samples");
        expressions.addObject().put("expr", driftFiring).put("eval_time", "16m")
                .putArray("exp_samples").addObject().put("value", 1);
        String attributionFiring = "count(ALERTS{alertname=\"ModelAttributionDrift\", alertstate=\"firing\", instance=\"broken\"})";
        expressions.addObject().put("expr", attributionFiring).put("eval_time", "10m").putArray("exp_samples");
        expressions.addObject().put("expr", attributionFiring).put("eval_time", "16m")
                .putArray("exp_samples").addObject().put("value", 1);
        expressions.addObject().put("expr", "count(ALERTS{alertname=\"ModelAttributionDrift\", instance!=\"broken\"})")
                .put("eval_time", "16m").putArray("exp_samples");
        expressions.addObject().put("expr", "count(ALERTS{alertname=~\"" + String.join("|", ESTIMATION_ALERTS)
                + "\", instance=\"shifted\"})").put("eval_time", "16m").putArray("exp_samples");
        Path file = work.resolve("estimation_test.yml");
        YAML.writeValue(file.toFile(), test);
        return file;
    }
}

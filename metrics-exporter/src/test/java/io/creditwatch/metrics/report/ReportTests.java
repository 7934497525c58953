package io.creditwatch.metrics.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.metrics.monitoring.CycleSnapshot;
import io.creditwatch.metrics.monitoring.MonitoringCycle;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.stats.RankingCurve;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.ChallengerPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report through the running exporter: before the store holds enough, each section says in
 * words what it lacks and draws nothing; after a cycle over 5,000 scored applications with their
 * outcomes, every figure of {@code /report?format=json} is the one the same cycle published as a gauge.
 */
@AutoConfigureObservability
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exporter.model-path=../models/default", "exporter.cycle-interval=1h", "exporter.quality-window=5000",
        "spring.datasource.url=jdbc:sqlite:target/test-stores/report-${random.uuid}.db"})
class ReportTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 5_000;
    private static final int RECENT = 600;
    private static final String[] LIGHTS = {"green", "yellow", "red"};
    private static final String CHALLENGER = "1.1.0-challenger";

    @LocalServerPort
    int port;

    @Autowired
    MonitoringCycle cycle;

    @Autowired
    PredictionStore store;

    @Autowired
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sectionsSayWhatTheyLackThenEveryFigureIsTheCyclesGauge() throws Exception {
        cycle.run();
        JsonNode empty = json(get("/report?format=json").body());
        String emptyPage = get("/report").body();

        assertThat(empty.path("data_quality").path("available").asBoolean()).isFalse();
        assertThat(empty.path("discrimination").path("available").asBoolean()).isFalse();
        assertThat(empty.path("discrimination").path("note").asText()).startsWith("Too few mature outcomes: 0,");
        assertThat(empty.path("calibration").path("available").asBoolean()).isFalse();
        assertThat(empty.path("stability").path("note").asText())
                .isEqualTo("Too few predictions in the drift window: 0, at least 500 are needed.");
        assertThat(empty.path("reasons").path("available").asBoolean()).isFalse();
        assertThat(empty.path("champion_challenger").path("note").asText()).startsWith("No challenger is scored");
        assertThat(emptyPage).contains("Too few predictions in the drift window: 0, at least 500 are needed.",
                "Too few mature outcomes: 0, at least 100 are needed.",
                "Too few mature outcomes for the validation tests: 0, at least 500 are needed.");
        assertThat(emptyPage).doesNotContain("id=\"chart-");

        fill();
        cycle.run();
        HttpResponse<String> response = get("/report?format=json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode report = json(response.body());

        JsonNode shadow = report.path("champion_challenger");
        assertThat(shadow.path("available").asBoolean()).isTrue();
        assertThat(shadow.path("challenger_version").asText()).isEqualTo(CHALLENGER);
        assertThat(shadow.path("compared_outcomes").asDouble()).isEqualTo(gauge("ml.challenger.compared.outcomes"))
                .isEqualTo(ROWS);
        assertThat(shadow.path("delong_p_value").asDouble()).isEqualTo(gauge("ml.challenger.delong.p.value"));
        assertThat(shadow.path("delong_z").asDouble()).isEqualTo(gauge("ml.challenger.delong.z"));
        assertThat(shadow.path("auc_difference").asDouble()).isEqualTo(gauge("ml.challenger.auc.difference"))
                .isNegative();
        assertThat(shadow.path("light").asText()).isEqualTo(light("ml.challenger.traffic.light"));
        for (String role : List.of("champion", "challenger")) {
            assertThat(shadow.path(role).path("auc_roc").asDouble())
                    .isEqualTo(gauge("ml.challenger.auc.roc", "role", role));
            assertThat(shadow.path(role).path("mean_pd").asDouble())
                    .isEqualTo(gauge("ml.challenger.mean.pd", "role", role));
            assertThat(shadow.path(role).path("jeffreys_p_value").asDouble())
                    .isEqualTo(gauge("ml.challenger.jeffreys.p.value", "role", role));
            assertThat(shadow.path(role).path("hosmer_lemeshow_p_value").asDouble())
                    .isEqualTo(gauge("ml.challenger.hosmer.lemeshow.p.value", "role", role));
        }
        assertThat(shadow.path("swap_set").path("swap_in").asDouble())
                .isEqualTo(gauge("ml.challenger.swap.set.ratio", "direction", "swap_in"));
        assertThat(shadow.path("swap_set").path("swap_out").asDouble())
                .isEqualTo(gauge("ml.challenger.swap.set.ratio", "direction", "swap_out"));

        JsonNode discrimination = report.path("discrimination");
        assertThat(discrimination.path("available").asBoolean()).isTrue();
        assertThat(discrimination.path("auc_roc").asDouble()).isEqualTo(gauge("ml.model.auc.roc", "source", "live"));
        assertThat(discrimination.path("gini").asDouble()).isEqualTo(gauge("ml.model.gini", "source", "live"));
        assertThat(discrimination.path("ks").asDouble()).isEqualTo(gauge("ml.model.ks", "source", "live"));
        assertThat(discrimination.path("mature_outcomes").asDouble())
                .isEqualTo(gauge("ml.model.labelled.predictions", "source", "live")).isEqualTo(ROWS);
        assertThat(discrimination.path("holdout").path("auc_roc").asDouble())
                .isEqualTo(gauge("ml.model.auc.roc", "source", "holdout"));
        JsonNode aucTest = discrimination.path("auc_test");
        assertThat(aucTest.path("ci_lower").asDouble()).isEqualTo(gauge("ml.validation.auc.ci.lower"));
        assertThat(aucTest.path("ci_upper").asDouble()).isEqualTo(gauge("ml.validation.auc.ci.upper"));
        assertThat(aucTest.path("standard_error").asDouble()).isEqualTo(gauge("ml.validation.auc.standard.error"));
        assertThat(aucTest.path("p_value").asDouble()).isEqualTo(gauge("ml.validation.auc.test.p.value"));
        assertThat(aucTest.path("light").asText()).isEqualTo(light("ml.validation.auc.test.traffic.light"));
        RankingCurve holdoutCurve = ModelBundle.readCard(Path.of("../models/default")).holdoutCurve();
        JsonNode reportedHoldout = discrimination.path("holdout_curve").path("true_positive_rate");
        assertThat(reportedHoldout.size()).isEqualTo(holdoutCurve.size());
        for (int i = 0; i < holdoutCurve.size(); i++) {
            assertThat(reportedHoldout.get(i).asDouble()).isEqualTo(holdoutCurve.truePositiveRate()[i]);
        }
        assertThat(discrimination.has("holdout_curve_note")).isFalse();
        JsonNode curve = discrimination.path("curve");
        int points = curve.path("true_positive_rate").size();
        assertThat(points).isBetween(50, 101);
        assertThat(curve.path("false_positive_rate").get(0).asDouble()).isZero();
        assertThat(curve.path("true_positive_rate").get(points - 1).asDouble()).isEqualTo(1.0);
        assertThat(curve.path("population_share").get(points - 1).asDouble()).isEqualTo(1.0);

        JsonNode calibration = report.path("calibration");
        JsonNode portfolio = calibration.path("portfolio");
        assertThat(portfolio.path("defaults").asDouble())
                .isEqualTo(gauge("ml.validation.defaults", "grade", "portfolio"));
        assertThat(portfolio.path("jeffreys_p_value").asDouble())
                .isEqualTo(gauge("ml.validation.jeffreys.p.value", "grade", "portfolio"));
        assertThat(calibration.path("grades").size()).as("grades with enough labels")
                .isEqualTo(registry.find("ml.validation.labelled.predictions").gauges().size() - 1).isGreaterThan(3);
        for (JsonNode grade : calibration.path("grades")) {
            String name = grade.path("grade").asText();
            assertThat(grade.path("labelled").asDouble()).as("grade %s", name)
                    .isEqualTo(gauge("ml.validation.labelled.predictions", "grade", name));
            assertThat(grade.path("defaults").asDouble()).isEqualTo(gauge("ml.validation.defaults", "grade", name));
            assertThat(grade.path("mean_pd").asDouble()).isEqualTo(gauge("ml.validation.mean.pd", "grade", name));
            assertThat(grade.path("observed_default_rate").asDouble())
                    .isEqualTo(gauge("ml.validation.observed.default.rate", "grade", name));
            assertThat(grade.path("jeffreys_p_value").asDouble())
                    .isEqualTo(gauge("ml.validation.jeffreys.p.value", "grade", name));
            assertThat(grade.path("binomial_p_value").asDouble())
                    .isEqualTo(gauge("ml.validation.binomial.p.value", "grade", name));
            assertThat(grade.path("jeffreys_light").asText())
                    .isEqualTo(light("ml.validation.jeffreys.traffic.light", "grade", name));
            assertThat(grade.path("binomial_light").asText())
                    .isEqualTo(light("ml.validation.binomial.traffic.light", "grade", name));
        }
        JsonNode hosmerLemeshow = calibration.path("hosmer_lemeshow");
        assertThat(hosmerLemeshow.path("p_value").asDouble()).isEqualTo(gauge("ml.validation.hosmer.lemeshow.p.value"));
        assertThat(hosmerLemeshow.path("statistic").asDouble())
                .isEqualTo(gauge("ml.validation.hosmer.lemeshow.statistic"));
        assertThat(hosmerLemeshow.path("light").asText())
                .isEqualTo(light("ml.validation.hosmer.lemeshow.traffic.light"));
        assertThat(calibration.path("rank_ordering").path("inversions").asDouble())
                .isEqualTo(gauge("ml.validation.rank.ordering.inversions"));
        assertThat(calibration.path("concentration").path("live").path("herfindahl").asDouble())
                .isEqualTo(gauge("ml.validation.herfindahl.index", "source", "live"));
        assertThat(calibration.path("concentration").path("reference").path("herfindahl").asDouble())
                .isEqualTo(gauge("ml.validation.herfindahl.index", "source", "reference"));

        JsonNode stability = report.path("stability");
        assertThat(stability.path("score_psi").asDouble()).isEqualTo(gauge("ml.prediction.score.psi"));
        assertThat(stability.path("drift_score").asDouble()).isEqualTo(gauge("ml.data.drift.score"));
        assertThat(stability.path("features").size()).isEqualTo(10);
        for (JsonNode feature : stability.path("features")) {
            assertThat(feature.path("psi").asDouble()).as(feature.path("feature").asText())
                    .isEqualTo(gauge("ml.feature.psi", "feature", feature.path("feature").asText()));
        }
        JsonNode quality = report.path("data_quality");
        assertThat(quality.path("drift_window_predictions").asDouble()).isEqualTo(gauge("ml.drift.window.predictions"));
        assertThat(quality.path("missing_percent").asDouble())
                .isEqualTo(gauge("ml.data.quality.missing.values.percent"));
        for (JsonNode feature : quality.path("features")) {
            String name = feature.path("feature").asText();
            assertThat(feature.path("missing_percent").asDouble()).as(name)
                    .isEqualTo(gauge("ml.feature.missing.values.percent", "feature", name));
            assertThat(feature.path("outliers_reference_percent").asDouble()).as(name)
                    .isEqualTo(gauge("ml.feature.outliers.reference.percent", "feature", name));
        }

        JsonNode estimated = report.path("estimated_performance");
        assertThat(estimated.path("available").asBoolean()).isTrue();
        assertThat(estimated.path("auc_roc").path("value").asDouble())
                .isEqualTo(gauge("ml.model.auc.roc", "source", "estimated"));
        assertThat(estimated.path("auc_roc").path("lower").asDouble())
                .isEqualTo(gauge("ml.model.auc.roc.lower", "source", "estimated"));
        assertThat(estimated.path("expected_default_rate").path("value").asDouble())
                .isEqualTo(gauge("ml.model.expected.default.rate", "source", "estimated"));
        assertThat(estimated.path("realized_auc_gap").path("gap").asDouble()).isEqualTo(gauge("ml.model.auc.roc.gap"));

        JsonNode vintages = report.path("vintages");
        assertThat(vintages.path("cohorts").size()).isEqualTo(1);
        assertThat(vintages.path("cohorts").get(0).path("applications").asInt()).isEqualTo(RECENT);
        for (JsonNode cohort : vintages.path("cohorts")) {
            assertThat(cohort.path("applications").asDouble())
                    .isEqualTo(gauge("ml.vintage.applications", "cohort", cohort.path("cohort").asText()));
        }

        JsonNode reasons = report.path("reasons");
        assertThat(reasons.path("ndcg").asDouble()).isEqualTo(gauge("ml.model.attribution.ndcg"));
        for (JsonNode feature : reasons.path("mean_absolute_contribution")) {
            String name = feature.path("feature").asText();
            assertThat(feature.path("live").asDouble()).as(name)
                    .isEqualTo(gauge("ml.feature.contribution.mean.absolute", "feature", name, "source", "live"));
            assertThat(feature.path("holdout").asDouble()).as(name)
                    .isEqualTo(gauge("ml.feature.contribution.mean.absolute", "feature", name, "source", "holdout"));
        }
        assertThat(reasons.path("declines").asDouble()).isEqualTo(gauge("ml.decline.reason.declines"));
        for (JsonNode share : reasons.path("first_reason_shares")) {
            assertThat(share.path("share").asDouble())
                    .isEqualTo(gauge("ml.decline.reason.share", "code", share.path("code").asText()));
        }

        // the page embeds the same data for its charts, and has a placeholder for each
        String page = get("/report").body();
        String embedded = page.substring(page.indexOf("<script id=\"report-data\" type=\"application/json\">"),
                page.indexOf("</script>")).replaceFirst("^<script[^>]*>", "");
        assertThat(json(embedded)).isEqualTo(report);
        assertThat(page).contains("id=\"chart-roc\"", "id=\"chart-cap\"", "id=\"chart-calibration\"",
                "id=\"chart-psi\"",
                "id=\"chart-attribution\"");
        for (String section : new String[]{"model", "data-quality", "discrimination", "calibration", "stability",
                "vintages", "estimated-performance", "reasons", "champion-challenger"}) {
            assertThat(page).contains("<section id=\"" + section + "\"");
        }
        assertThat(page).doesNotContain(ReportPage.esc(ReportNotes.NO_HOLDOUT_CURVE));

        // the same cycle with a card written before hold-out curves: the window's curve alone, and why
        CycleSnapshot s = cycle.snapshot();
        CycleSnapshot older = new CycleSnapshot(s.completedAt(), s.card().withHoldoutCurve(null), s.settings(),
                s.minDriftRows(), s.minLabels(), s.driftWindow(), s.driftWindowFirst(), s.driftWindowLast(),
                s.matureOutcomes(), s.outcomesWaiting(), s.historyRead(), s.live(), s.curve(), s.estimated(),
                s.matured(),
                s.aucReference(), s.validation(), s.window(), s.referenceMissing(), s.referenceOutliers(),
                s.liveGrades(),
                s.referenceGrades(), s.vintages(), s.seasoning(), s.attribution(), s.referenceAttribution(),
                s.challengerVersion(), s.challenger(), s.swap());
        Map<String, Object> olderData = ReportData.of(older);
        @SuppressWarnings("unchecked")
        Map<String, Object> olderDiscrimination = (Map<String, Object>) olderData.get("discrimination");
        assertThat(olderDiscrimination).containsEntry("holdout_curve", null)
                .containsEntry("holdout_curve_note", ReportNotes.NO_HOLDOUT_CURVE).containsKey("curve");
        assertThat(ReportPage.render(older, JSON.writeValueAsString(olderData)))
                .contains(ReportPage.esc(ReportNotes.NO_HOLDOUT_CURVE), "id=\"chart-roc\"");
    }

    @Test
    void anUnknownFormatIsAJson400AndTheAssetsComeFromTheJar() throws Exception {
        HttpResponse<String> xml = get("/report?format=xml");
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(xml.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json(xml.body());
        assertThat(error.path("reason").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).contains("format=json");

        HttpResponse<String> page = get("/report");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).startsWith("default-src 'none'"));
        for (String asset : new String[]{"uPlot.iife.min.js", "uPlot.min.css", "report.js", "report.css"}) {
            HttpResponse<String> served = get("/report/assets/" + asset);
            assertThat(served.statusCode()).as(asset).isEqualTo(200);
            assertThat(page.body()).contains("/report/assets/" + asset);
        }
        assertThat(get("/report/assets/uPlot.iife.min.js").body()).contains("uPlot");
        HttpResponse<String> missing = get("/report/assets/nothing.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).path("reason").asText()).isEqualTo("not_found");
    }

    @Test
    void beforeAnyCycleThePageSaysSoAndHasNoSection() {
        String page = ReportPage.render(null, "{\"note\": \"</script><b>\"}");

        assertThat(page).contains(ReportPage.esc(ReportNotes.NO_CYCLE)).doesNotContain("<section")
                .doesNotContain("</script><b>")
                .contains("\\u003c/script>\\u003cb>");
        assertThat(ReportData.none()).containsEntry("cycle_completed_at", null).containsEntry("note",
                ReportNotes.NO_CYCLE);
    }

    @Test
    void textFromDataIsEscaped() {
        assertThat(ReportPage.esc("<script>\"a\" & 'b'</script>"))
                .isEqualTo("&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
        assertThat(ReportPage.num(0.832634615)).isEqualTo("0.8326");
        assertThat(ReportPage.num(3.2e-7)).isEqualTo("3.20e-07");
        assertThat(ReportPage.num(Double.NaN)).isEqualTo("–");
    }

    /** 5,000 generated applications scored by the bundled model, with the generator's outcomes. */
    private void fill() throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of("../models/default"));
        List<CreditRecord> records = new SyntheticCreditGenerator(21).generate(ROWS);
        double[] pds = bundle.scorer()
                .probabilities(records.stream().map(CreditRecord::features).toArray(double[][]::new));
        List<CapturedPrediction> predictions = new ArrayList<>();
        List<OutcomeSubmission> labels = new ArrayList<>();
        Random noise = new Random(22);
        for (int i = 0; i < ROWS; i++) {
            String id = UUID.randomUUID().toString();
            // the challenger in the shadow: the same model with noise on its log-odds
            double challenger = 1 / (1 + Math.exp(-(Math.log(pds[i] / (1 - pds[i])) + 0.5 * noise.nextGaussian())));
            predictions.add(new CapturedPrediction(id, "report", i, "1.0.0", records.get(i).features(), pds[i],
                    pds[i] >= 0.5 ? 1 : 0, 600, "low", null, new ChallengerPrediction(CHALLENGER, challenger,
                            challenger >= 0.5 ? 1 : 0, 600, "low")));
            labels.add(new OutcomeSubmission(id, records.get(i).label()));
        }
        // made in 1970 (as the other hand-driven cycles' are), so their undated outcomes are mature; and this
        // month's applications without outcomes yet, the one cohort young enough for the vintages
        for (int i = 0; i < RECENT; i++) {
            predictions.add(new CapturedPrediction(UUID.randomUUID().toString(), "report", System.currentTimeMillis(),
                    "1.0.0", records.get(i).features(), pds[i], pds[i] >= 0.5 ? 1 : 0, 600, "low"));
        }
        store.insertPredictions(predictions);
        store.insertOutcomes(labels, 1);
    }

    private double gauge(String name, String... tags) {
        Search search = registry.find(name);
        for (int i = 0; i < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        Gauge gauge = search.gauge();
        assertThat(gauge).as(name + " " + Map.of().toString() + String.join(",", tags)).isNotNull();
        return gauge.value();
    }

    private String light(String name, String... tags) {
        return LIGHTS[(int) gauge(name, tags)];
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}

package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.schema.Feature;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain with real binaries: service → metrics → Prometheus → rules → Alertmanager →
 * a Slack webhook listener and an SMTP inbox. The store starts with a small backfilled history (27
 * monthly cohorts with their outcomes, so that every vintage panel has a cohort to show). Healthy
 * traffic first (every dashboard and Grafana
 * alert query has data, no alert fires), then faults one after the other, each traced to the
 * alert it must raise and to the notifications it must send, and a restore that must send the
 * resolved notification. Fault-to-Slack times are written to target/alert-timings.txt.
 */
@Tag("end-to-end")
class AlertingEndToEndTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(5);
    private static final Map<String, Duration> TIMINGS = new LinkedHashMap<>();
    private static SlackListener slack;
    private static GreenMail mail;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        phase("starting inference-service, metrics-exporter, Prometheus, Alertmanager, a Slack listener and an SMTP inbox");
        Tools.require("prometheus");
        Tools.require("prometheus-alertmanager");
        slack = new SlackListener();
        int smtpPort = LocalProcess.freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        stack = new LocalStack(Files.createTempDirectory("creditwatch-stack"), slack.url(), smtpPort);
        phase("backfilling a history of 27 monthly cohorts into the store (every vintage panel needs one 24 months on book)");
        OutcomesThroughTimeEndToEndTests.backfill(stack.work, "predictions", history());
        stack.start();
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (slack != null) {
            slack.close();
        }
        StringBuilder timings = new StringBuilder("alert, fault to Slack message\n");
        TIMINGS.forEach((alert, took) -> timings.append(alert).append(", ").append(took.toSeconds()).append(" s\n"));
        Files.writeString(Path.of("target/alert-timings.txt"), timings);
        System.out.print(timings);
    }

    @Test
    void faultsPageSlackAndEmailAndRestoresResolve() throws IOException {
        try {
            phase("healthy traffic: every panel has data, no alert fires");
            healthyTrafficFillsEveryPanelAndRaisesNoAlert();
            phase("drift, contradicting labels and bad requests: waiting for their alerts (about 6 minutes)");
            driftedTrafficContradictingLabelsAndBadRequestsRaiseTheirAlertsOnce();
            phase("stopping inference-service: waiting for InferenceServiceDown, then its resolution");
            stoppingTheServiceRaisesServiceDownAndRestartingResolvesIt();
            phase("checking that no notification arrived twice");
            noNotificationArrivedTwice();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + stack.diagnostics(), e);
        }
    }

    /** The test runs for minutes: it says on the console what it is waiting for. */
    private static void phase(String what) {
        System.out.printf("[end-to-end %s] %s%n", java.time.LocalTime.now().withNano(0), what);
        System.out.flush();
    }

    private void healthyTrafficFillsEveryPanelAndRaisesNoAlert() throws IOException {
        // counters must be scraped before the traffic, or increase() sees none of it
        LocalProcess.await(Duration.ofMinutes(1), "Prometheus scraping both services",
                () -> stack.query("up{job=~\"ml-inference|metrics-exporter\"} == 1").size() == 2);
        List<CreditRecord> records = applications(21, 1_000);
        List<String> ids = new ArrayList<>();
        for (CreditRecord record : records) {
            ids.add(json(stack.inference.postJson("/predict", application(record)).body()).path("prediction_id")
                    .asText());
        }
        sendLabels(ids, records.stream().map(CreditRecord::label).toList());
        stack.inference.postJson("/predict", "{\"age\": \"forty\"}");

        // a comparison with last week has data only after a week
        List<String> queries = GrafanaProvisioningTests.allQueries().stream()
                .filter(query -> !query.contains("offset 1w")).toList();
        List<String> empty = new ArrayList<>(queries);
        try {
            LocalProcess.await(Duration.ofMinutes(2), "every dashboard and Grafana alert query returns data", () -> {
                empty.removeIf(query -> !stack.query(query).isEmpty());
                return empty.isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; without data: " + empty, e);
        }
        List<String> jobs = new ArrayList<>();
        stack.query("process_uptime_seconds").forEach(series -> jobs.add(series.at("/metric/job").asText()));
        assertThat(jobs).as("the dashboards' job variable").contains("ml-inference", "metrics-exporter");
        for (String metric : List.of("ml_model_accuracy", "ml_model_precision", "ml_model_recall", "ml_model_f1_score",
                "ml_model_auc_roc", "system_cpu_usage_percent", "system_memory_usage_percent",
                "system_disk_usage_percent", "ml_service_uptime_seconds", "ml_requests_total",
                "ml_request_duration_seconds_bucket", "ml_predictions_total", "ml_error_rate_percent",
                "ml_throughput_requests_per_second", "ml_data_drift_score", "ml_data_quality_missing_values_percent",
                "ml_data_quality_outliers_percent", "ml_validation_auc_test_p_value", "ml_validation_jeffreys_p_value",
                "ml_validation_rank_ordering_significant_inversions", "ml_grade_share")) {
            assertThat(stack.query(metric)).as(metric).isNotEmpty();
        }
        assertEveryFamilyDocumented(stack.inference.get("/metrics").body(),
                MetricTables.documented(Files.readString(Tools.ROOT.resolve("docs/api.md")), "## Metrics"));
        String monitoring = Files.readString(Tools.ROOT.resolve("docs/monitoring.md"));
        java.util.Set<String> exporterSeries = new java.util.TreeSet<>(
                MetricTables.documented(monitoring, "## What it computes"));
        exporterSeries.addAll(MetricTables.documented(monitoring, "### Champion and challenger"));
        assertEveryFamilyDocumented(stack.exporter.get("/metrics").body(), exporterSeries);
        assertThat(stack.alerts()).as("alerts firing while healthy")
                .noneMatch(alert -> alert.path("state").asText().equals("firing"));
        assertThat(slack.messages()).as("Slack messages while healthy").isEmpty();
        assertThat(mail.getReceivedMessages()).as("e-mails while healthy").isEmpty();
    }

    /** The service's own series are exactly its table in docs/, each with HELP text (Spring's own may lack it). */
    private static void assertEveryFamilyDocumented(String scrape, java.util.Set<String> documented) {
        Map<String, String> families = MetricTables.families(scrape);
        assertThat(families).as("metric families").isNotEmpty();
        List<String> ours = families.keySet().stream().filter(family -> !MetricTables.isStandard(family)).toList();
        ours.forEach(family -> assertThat(families.get(family)).as("# HELP of " + family).isNotBlank());
        assertThat(ours).as("the service's series against the README's table")
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    /**
     * Drifted applications whose labels contradict every decision: income and revolving
     * utilisation drift, accuracy collapses, the AUC falls far below the hold-out AUC and the
     * default rate far above the PDs, so the validation alerts page at their critical level too.
     * Meanwhile a client keeps sending bad JSON: a warning of its own, never the error-rate page.
     */
    private void driftedTrafficContradictingLabelsAndBadRequestsRaiseTheirAlertsOnce() {
        Instant fault = Instant.now();
        AtomicBoolean bursting = new AtomicBoolean(true);
        Thread burst = new Thread(() -> {
            while (bursting.get()) {
                stack.inference.postJson("/predict", "{\"age\": \"forty\"}");
                stack.inference.postJson("/predict", "{\"instances\": []}");
                LocalProcess.sleep(100);
            }
        });
        burst.start();
        try {
            List<CreditRecord> drifted = applications(22, 3_000);
            List<String> ids = new ArrayList<>();
            List<Integer> predictions = new ArrayList<>();
            for (int start = 0; start < drifted.size(); start += 100) {
                StringBuilder batch = new StringBuilder("{\"instances\": [");
                for (int i = start; i < start + 100; i++) {
                    double[] features = drifted.get(i).features().clone();
                    features[Feature.MONTHLY_INCOME.ordinal()] *= 0.3;
                    features[Feature.REVOLVING_UTILIZATION
                            .ordinal()] = features[Feature.REVOLVING_UTILIZATION.ordinal()] * 3 + 0.5;
                    batch.append(i > start ? "," : "").append(application(new CreditRecord(features, 0)));
                }
                json(stack.inference.postJson("/predict", batch.append("]}").toString()).body()).path("predictions")
                        .forEach(p -> {
                            ids.add(p.path("prediction_id").asText());
                            predictions.add(p.path("prediction").asInt());
                        });
            }
            sendLabels(ids, predictions.stream().map(prediction -> 1 - prediction).toList());

            SlackListener.Message drift = awaitSlack("] DataDriftDetected (warning)", fault);
            SlackListener.Message accuracy = awaitSlack("[FIRING:1] ModelAccuracyLow (critical)", fault);
            SlackListener.Message discrimination = awaitSlack("[FIRING:1] ModelDiscriminationDeclined (critical)",
                    fault);
            SlackListener.Message calibration = awaitSlack("[FIRING:1] ModelCalibrationBreach (critical)", fault);
            TIMINGS.put("DataDriftDetected", Duration.between(fault, drift.received()));
            TIMINGS.put("ModelAccuracyLow (critical)", Duration.between(fault, accuracy.received()));
            TIMINGS.put("ModelDiscriminationDeclined (critical)", Duration.between(fault, discrimination.received()));
            TIMINGS.put("ModelCalibrationBreach (critical)", Duration.between(fault, calibration.received()));
            assertSlackShaped(drift, "Input data drift detected", "DataDriftDetected");
            LocalProcess.await(Duration.ofMinutes(1), "drift notifications naming both drifted features", () -> {
                String named = slackTextsSince(fault, "DataDriftDetected (warning)");
                return named.contains("MonthlyIncome has drifted")
                        && named.contains("RevolvingUtilizationOfUnsecuredLines has drifted");
            });
            assertSlackShaped(accuracy, "Model accuracy below 65%", "ModelAccuracyLow");
            assertSlackShaped(discrimination, "Model ranks applicants significantly worse than at validation (red)",
                    "ModelDiscriminationDeclined");
            assertSlackShaped(calibration, "Defaults run significantly above the predicted PDs (red)",
                    "ModelCalibrationBreach");
            awaitMail("[FIRING:1] ModelAccuracyLow (critical)");
            awaitMail("[FIRING:1] ModelDiscriminationDeclined (critical)");
            awaitMail("[FIRING:1] ModelCalibrationBreach (critical)");

            SlackListener.Message clientErrors = awaitSlack("[FIRING:1] PredictionClientErrorsHigh (warning)", fault);
            TIMINGS.put("PredictionClientErrorsHigh (warning)", Duration.between(fault, clientErrors.received()));
            assertSlackShaped(clientErrors, "Many prediction requests refused for bad input",
                    "PredictionClientErrorsHigh");
        } finally {
            bursting.set(false);
        }
        LocalProcess.sleep(10_000);
        assertThat(slack.messages()).as("the warning is inhibited by the critical alert")
                .noneMatch(message -> message.body().contains("ModelAccuracyLow (warning)"));
        assertThat(slack.messages()).as("bad input is not a server error")
                .noneMatch(message -> message.body().contains("PredictionErrorRateHigh"));
        assertThat(subjects()).as("warnings are not e-mailed")
                .noneMatch(subject -> subject.contains("DataDriftDetected")
                        || subject.contains("PredictionClientErrorsHigh"));
    }

    private void stoppingTheServiceRaisesServiceDownAndRestartingResolvesIt() {
        Instant fault = Instant.now();
        stack.inference.stop();

        SlackListener.Message down = awaitSlack("[FIRING:1] InferenceServiceDown (critical)", fault);
        TIMINGS.put("InferenceServiceDown", Duration.between(fault, down.received()));
        assertSlackShaped(down, "Inference service is down", "InferenceServiceDown");
        awaitMail("[FIRING:1] InferenceServiceDown (critical)");

        Instant restored = Instant.now();
        stack.inference.start("/health", Duration.ofSeconds(120));
        SlackListener.Message resolved = awaitSlack("[RESOLVED] InferenceServiceDown (critical)", restored);
        TIMINGS.put("InferenceServiceDown resolved (after restart)", Duration.between(restored, resolved.received()));
        awaitMail("[RESOLVED] InferenceServiceDown (critical)");
    }

    /** Every notification is sent once: a second, identical one would be an alert owned twice. */
    private void noNotificationArrivedTwice() {
        List<String> bodies = slack.messages().stream().map(SlackListener.Message::body).toList();
        assertThat(bodies).as("Slack notifications").doesNotHaveDuplicates();
        assertThat(subjects()).as("e-mail subjects").doesNotHaveDuplicates();
    }

    private static void assertSlackShaped(SlackListener.Message message, String summary, String alertName) {
        JsonNode body = json(message.body());
        assertThat(body.path("channel").asText()).isEqualTo("#ml-alerts");
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment).as("Slack attachments in " + message.body()).isNotNull();
        assertThat(attachment.path("text").asText()).contains(summary,
                "Runbook: " + PrometheusRulesTests.runbookUrl(alertName));
    }

    /** The first Slack message after {@code after} whose title ends with {@code title}, e.g. "[FIRING:1] X (critical)". */
    private static SlackListener.Message awaitSlack(String title, Instant after) {
        Predicate<SlackListener.Message> matches = message -> message.received().isAfter(after)
                && json(message.body()).path("attachments").path(0).path("title").asText().endsWith(title);
        LocalProcess.await(ALERT_TIMEOUT, "a Slack message titled " + title,
                () -> slack.messages().stream().anyMatch(matches));
        return slack.messages().stream().filter(matches).findFirst().orElseThrow();
    }

    private static String slackTextsSince(Instant after, String title) {
        StringBuilder texts = new StringBuilder();
        for (SlackListener.Message message : slack.messages()) {
            JsonNode attachment = json(message.body()).path("attachments").path(0);
            if (message.received().isAfter(after) && attachment.path("title").asText().endsWith(title)) {
                texts.append(attachment.path("text").asText()).append('\n');
            }
        }
        return texts.toString();
    }

    private static void awaitMail(String subject) {
        LocalProcess.await(Duration.ofMinutes(1), "an e-mail titled " + subject, () -> subjects().contains(subject));
    }

    private static List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            try {
                subjects.add(message.getSubject());
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return subjects;
    }

    private static void sendLabels(List<String> ids, List<Integer> actuals) {
        StringBuilder labels = new StringBuilder("{\"labels\": [");
        for (int i = 0; i < ids.size(); i++) {
            labels.append(i > 0 ? "," : "").append("{\"prediction_id\":\"").append(ids.get(i)).append("\",\"actual\":")
                    .append(actuals.get(i)).append('}');
        }
        JsonNode answer = json(
                stack.inference.postJson("/feedback", labels.append("]}").toString(), LocalStack.FEEDBACK_KEY).body());
        assertThat(answer.path("accepted").asInt()).as(answer.toString()).isEqualTo(ids.size());
    }

    /** A small lender's history as of today: about 50 applications a month over 27 months, with their outcomes. */
    private static List<DatedCreditRecord> history() throws IOException {
        SeasoningCurve curve = ModelBundle.readCard(Tools.ROOT.resolve("models/default")).seasoning();
        return new DatedCreditGenerator(41, LocalDate.now(ZoneOffset.UTC), 27, curve).generate(1_350).stream()
                .filter(row -> row.record().get(Feature.AGE) >= 18).toList();
    }

    private static List<CreditRecord> applications(long seed, int count) {
        return new SyntheticCreditGenerator(seed).generate(count + count / 100 + 10).stream()
                .filter(record -> record.get(Feature.AGE) >= 18).limit(count).toList();
    }

    /** One application as the API's JSON, missing values as null. */
    static String application(CreditRecord record) {
        StringBuilder body = new StringBuilder("{");
        for (Feature feature : Feature.ALL) {
            double value = record.get(feature);
            body.append(feature.ordinal() > 0 ? "," : "").append('"').append(feature.jsonName()).append("\":")
                    .append(Double.isNaN(value) ? "null" : Double.toString(value));
        }
        return body.append('}').toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}

package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A prediction that was answered is recorded, whatever fails afterwards: the built
 * inference-service answers predictions while its store is down, is killed with SIGKILL, and
 * restarted against a store that works; every answered prediction must reach that store.
 */
class CrashRecoveryTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "crash-test-key";

    @Test
    void predictionsAnsweredWhileTheStoreIsDownSurviveAKillAndReachTheStoreAfterTheRestart() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-crash");
        Path journal = work.resolve("capture-journal");
        int port = LocalProcess.freePort();
        List<String> ids = new ArrayList<>();
        try (LocalProcess storeDown = service(work, port, journal, "jdbc:postgresql://127.0.0.1:1/down")) {
            storeDown.start("/health", Duration.ofSeconds(120));
            List<CreditRecord> records = new SyntheticCreditGenerator(31).generate(2_100).stream()
                    .filter(record -> record.get(Feature.AGE) >= 18).limit(2_000).toList();
            for (int start = 0; start < records.size(); start += 100) {
                LocalProcess.Reply reply = storeDown.postJson("/predict", batch(records, start));
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                JSON.readTree(reply.body()).path("predictions").forEach(p -> ids.add(p.path("prediction_id").asText()));
            }
            LocalProcess.await(Duration.ofSeconds(60), "2000 predictions in the journal",
                    () -> storeDown.metric("ml_capture_journal_backlog", "") == 2_000);
            storeDown.kill();
        }

        assertThat(ids).hasSize(2_000);
        assertEveryAnsweredStoredOnceAfterARestart(work, port, journal, ids);
    }

    /**
     * Journal writes that the operating system refuses, as on a full disk: the running service's
     * file-size limit is lowered below its journal's size ({@code prlimit}, RLIMIT_FSIZE: every
     * write past it fails with EFBIG, as a full disk's fail with ENOSPC, and nothing here can mount
     * a small filesystem). Predictions are then refused with 503 {@code capture_unavailable}, not
     * answered; {@code /health} says the journal is failing; once the limit is raised again the
     * service answers and journals by itself, and after a kill and a restart against a working
     * store every answered prediction is stored, once.
     */
    @Test
    void journalWritesTheSystemRefusesAre503sAndCaptureRecoversByItselfWhenWritesSucceedAgain() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-disk");
        Path journal = work.resolve("capture-journal");
        int port = LocalProcess.freePort();
        List<CreditRecord> records = new SyntheticCreditGenerator(37).generate(1_000).stream()
                .filter(record -> record.get(Feature.AGE) >= 18).limit(900).toList();
        List<String> ids = new ArrayList<>();
        try (LocalProcess service = service(work, port, journal, "jdbc:postgresql://127.0.0.1:1/down")) {
            service.start("/health/liveness", Duration.ofSeconds(120));
            for (int start = 0; start < 300; start += 100) {
                LocalProcess.Reply reply = service.postJson("/predict", batch(records, start));
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                JSON.readTree(reply.body()).path("predictions").forEach(p -> ids.add(p.path("prediction_id").asText()));
            }
            String pid = Long.toString(service.pid());
            Tools.Result lowered = Tools.run(work, "prlimit", "--pid", pid, "--fsize=4096:unlimited");
            assertThat(lowered.exitCode()).as(lowered.output()).isZero();
            for (int start = 300; start < 600; start += 100) {
                LocalProcess.Reply reply = service.postJson("/predict", batch(records, start));
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(503);
                assertThat(JSON.readTree(reply.body()).path("reason").asText()).isEqualTo("capture_unavailable");
            }
            JsonNode capture = JSON.readTree(service.get("/health").body()).path("components").path("capture");
            assertThat(capture.path("status").asText()).isEqualTo("DOWN");
            assertThat(capture.at("/details/refusing").asText()).as(capture.toString())
                    .isEqualTo("writes to the capture journal are failing");
            assertThat(capture.at("/details/journal_error").asText()).isEqualTo("java.io.IOException: File too large");

            Tools.Result raised = Tools.run(work, "prlimit", "--pid", pid, "--fsize=unlimited:unlimited");
            assertThat(raised.exitCode()).as(raised.output()).isZero();
            for (int start = 600; start < 900; start += 100) {
                LocalProcess.Reply reply = service.postJson("/predict", batch(records, start));
                assertThat(reply.statusCode()).as("answered by itself once writes succeed: " + reply.body())
                        .isEqualTo(200);
                JSON.readTree(reply.body()).path("predictions").forEach(p -> ids.add(p.path("prediction_id").asText()));
            }
            assertThat(service.metric("ml_capture_dropped_total", "")).isZero();
            LocalProcess.await(Duration.ofSeconds(30), "the answered predictions in the journal",
                    () -> service.metric("ml_capture_journal_backlog", "") == 600);
            service.kill();
        }
        assertEveryAnsweredStoredOnceAfterARestart(work, port, journal, ids);
    }

    /** Restarted against a working SQLite store, the service stores each answered prediction once, and no other. */
    private static void assertEveryAnsweredStoredOnceAfterARestart(Path work, int port, Path journal, List<String> ids)
            throws Exception {
        String store = ServiceProcess.sqliteStore(work.resolve("predictions.db"));
        try (LocalProcess restarted = service(work, port, journal, store)) {
            restarted.start("/health", Duration.ofSeconds(120));
            LocalProcess.await(Duration.ofSeconds(60), "the journal emptied into the store",
                    () -> restarted.metric("ml_capture_journal_backlog", "") == 0);
            assertThat(restarted.metric("ml_capture_written_total", "")).as("each stored once").isEqualTo(ids.size());
            StringBuilder labels = new StringBuilder("{\"labels\": [");
            for (int i = 0; i < ids.size(); i++) {
                labels.append(i > 0 ? "," : "").append("{\"prediction_id\":\"").append(ids.get(i))
                        .append("\",\"actual\":0}");
            }
            JsonNode answer = JSON
                    .readTree(restarted.postJson("/feedback", labels.append("]}").toString(), KEY).body());
            assertThat(answer.path("accepted").asInt()).as("every answered prediction is in the store")
                    .isEqualTo(ids.size());
        }
    }

    private static String batch(List<CreditRecord> records, int start) {
        StringBuilder batch = new StringBuilder("{\"instances\": [");
        for (int i = start; i < start + 100; i++) {
            batch.append(i > start ? "," : "").append(AlertingEndToEndTests.application(records.get(i)));
        }
        return batch.append("]}").toString();
    }

    /** Started from this module's folder without MODEL_PATH: the jar finds the repository's bundle beside it. */
    private static LocalProcess service(Path work, int port, Path journal, String store) {
        return ServiceProcess.inference(work.resolve("inference-service.log")).port(port).store(store).journal(journal)
                .env("INFERENCE_FEEDBACK_API_KEYS", KEY).build();
    }
}

package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The default limits fit a 256 MB heap: the built inference-service with {@code -Xmx256m} takes
 * as many 16 MB bodies of 10,000 applications at once as it reads bodies (32), three times over.
 * Each is answered, or refused with a 503 that says why (the capture queue bounds what waits for
 * the journal, and so the memory it holds); none runs out of memory.
 */
@Tag("end-to-end")
class SmallHeapTests {

    @Test
    void thirtyTwoSixteenMegabyteBodiesAtOnceFitA256MegabyteHeap() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-small-heap");
        String body = paddedBatch(10_000, 16 * 1024 * 1024 - 4_096);
        assertThat(body.length()).isBetween(16_000_000, 16 * 1024 * 1024);
        List<Integer> statuses = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        try (LocalProcess service = ServiceProcess.inference(work.resolve("inference-service.log")).jvm("-Xmx256m")
                .store("jdbc:sqlite:" + work.resolve("predictions.db") + "?journal_mode=WAL")
                .journal(work.resolve("capture-journal"))
                // 32 bodies of 16 MB from one client on two shared cores take longer than the
                // default 10 s to arrive; this test is about the heap, not about slow clients, so
                // its one client may also send all 32 bodies the service reads at once
                .env("INFERENCE_REQUEST_BODIES_BODY_READ_TIMEOUT", "90s")
                .env("INFERENCE_REQUEST_BODIES_MAX_CONCURRENT_BODIES_PER_CLIENT", "32").build()) {
            service.start("/health", Duration.ofSeconds(120));
            HttpRequest predict = HttpRequest.newBuilder(URI.create(service.url("/predict")))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            for (int round = 0; round < 3; round++) {
                // new connections each round: Tomcat closes idle ones after 5 s, which a reused one would hit
                HttpClient http = HttpClient.newHttpClient();
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int client = 0; client < 32; client++) {
                    answers.add(http.sendAsync(predict, HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> response = answer.join();
                    statuses.add(response.statusCode());
                    if (response.statusCode() != 200) {
                        refusals.add(response.body().replaceAll(".*\"reason\":\"([a-z_]+)\".*", "$1"));
                    }
                }
            }
            assertThat(service.get("/health").statusCode()).isEqualTo(200);
            assertThat(Files.readString(service.log)).doesNotContain("OutOfMemoryError");
        }
        System.out.printf("[small heap] %d answered, refused: %s%n", statuses.stream().filter(s -> s == 200).count(),
                refusals.stream().collect(java.util.stream.Collectors.groupingBy(reason -> reason,
                        java.util.stream.Collectors.counting())));
        assertThat(statuses).hasSize(96).allMatch(status -> status == 200 || status == 503);
        assertThat(refusals).allMatch(reason -> reason.equals("capture_unavailable") || reason.equals("server_busy"));
        assertThat(statuses).contains(200);
    }

    /** {@code count} applications, with whitespace between them up to about {@code size} characters. */
    private static String paddedBatch(int count, int size) {
        List<CreditRecord> records = new SyntheticCreditGenerator(5).generate(count * 2).stream()
                .filter(record -> record.get(Feature.AGE) >= 18).limit(count).toList();
        List<String> applications = records.stream().map(AlertingEndToEndTests::application).toList();
        int payload = applications.stream().mapToInt(String::length).sum() + count + 20;
        String padding = " ".repeat(Math.max(0, (size - payload) / count));
        return "{\"instances\": [" + String.join("," + padding, applications) + "]}";
    }
}

package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded corpus of 10,000 hostile requests to both endpoints, generated here: valid bodies
 * with bytes flipped, inserted or cut, random JSON of every type and depth, raw bytes, huge and
 * non-finite numbers, escapes and NULs, duplicate keys, odd content types, charsets and accept
 * headers, missing and wrong API keys. Not one may be a 5xx; every refusal carries the API's
 * JSON with a reason; the service is healthy after.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inference.model.path=../models/default", "spring.datasource.url=jdbc:sqlite:target/test-stores/fuzz.db"})
class FuzzTests extends ServiceOverHttp {

    private static final int REQUESTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "application/json; charset=utf-32", "application/json;;;", "text/plain",
            "application/x-www-form-urlencoded",
            "APPLICATION/JSON", "application/json; boundary=\"x"};
    private static final String[] ACCEPTS = {"application/json", "*/*", "application/xml", "text/html", ""};

    @Test
    void tenThousandHostileRequestsGetNoServerError() throws Exception {
        SplittableRandom random = new SplittableRandom(20261125);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        TreeMap<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS && failures.size() < 10; i++) {
            boolean feedback = random.nextInt(10) < 4;
            byte[] body = feedback ? feedbackBody(random) : predictBody(random);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + (feedback ? "/feedback" : "/predict")))
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            int contentType = random.nextInt(20);
            if (contentType < 15) {
                request.header("Content-Type", "application/json");
            } else if (contentType < 19) {
                request.header("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
            }
            String accept = ACCEPTS[random.nextInt(ACCEPTS.length)];
            if (!accept.isEmpty()) {
                request.header("Accept", accept);
            }
            if (random.nextInt(4) == 0) {
                request.header("X-Request-ID", printable(random, random.nextInt(300)));
            }
            if (feedback && random.nextInt(10) < 7) {
                request.header("Authorization", random.nextInt(5) == 0 ? "Bearer " + printable(random, 20)
                        : "Bearer " + ServiceClient.FEEDBACK_KEY);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 || (response.statusCode() >= 400 && !hasReason(response.body()))) {
                failures.add(response.statusCode() + " for " + preview(body) + ": " + response.body());
            }
        }
        System.out.println("fuzz statuses: " + statuses);

        assertThat(failures).as("server errors or refusals without the API's JSON").isEmpty();
        assertThat(statuses.keySet()).as("the corpus reaches success and refusals alike").contains(200, 400);
        assertThat(client.get("/health").status()).isEqualTo(200);
        assertThat(client.postJson("/predict", Applications.typical()).status()).isEqualTo(200);
        assertThat(client.metric("ml_request_errors_total", "reason=\"internal_error\"")).isZero();
    }

    private static boolean hasReason(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.path("reason").isTextual() && json.path("status").isInt();
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] predictBody(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> mutate(random, Applications.typical().getBytes(StandardCharsets.UTF_8));
            case 1 -> truncate(random, Applications.SPECIFICATION_BATCH.getBytes(StandardCharsets.UTF_8));
            case 2 -> randomApplication(random).getBytes(StandardCharsets.UTF_8);
            case 3 -> batch(random).getBytes(StandardCharsets.UTF_8);
            case 4 -> randomBytes(random);
            default -> randomValue(random, 0).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] feedbackBody(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> mutate(random, label(random).getBytes(StandardCharsets.UTF_8));
            case 1 -> label(random).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                StringBuilder labels = new StringBuilder("{\"labels\": [");
                for (int i = random.nextInt(30); i >= 0; i--) {
                    labels.append(label(random)).append(i > 0 ? "," : "");
                }
                yield labels.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> randomBytes(random);
            default -> randomValue(random, 0).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String label(SplittableRandom random) {
        String id = switch (random.nextInt(6)) {
            case 0 -> "\"" + UUID.randomUUID() + "\"";
            case 1 -> "\"" + UUID.randomUUID().toString().substring(0, 35) + "\\u0000\"";
            case 2 -> "\"" + printable(random, random.nextInt(80)).replace("\\", "").replace("\"", "") + "\"";
            default -> randomValue(random, 3);
        };
        String actual = switch (random.nextInt(6)) {
            case 0 -> "0";
            case 1 -> "1";
            case 2 -> "4294967297";
            case 3 -> "-1";
            case 4 -> "1.0";
            default -> randomValue(random, 3);
        };
        return random.nextInt(8) == 0 ? "{\"prediction_id\": " + id + ", \"actual\": " + actual + ", \"actual\": 0}"
                : "{\"prediction_id\": " + id + ", \"actual\": " + actual + "}";
    }

    private static String randomApplication(SplittableRandom random) {
        StringBuilder body = new StringBuilder("{");
        int fields = random.nextInt(14);
        for (int i = 0; i < fields; i++) {
            String name = random.nextInt(5) == 0
                    ? printable(random, random.nextInt(12)).replace("\\", "").replace("\"", "")
                    : Feature.ALL.get(random.nextInt(Feature.COUNT)).jsonName();
            body.append(i > 0 ? "," : "").append('"').append(name).append("\":").append(randomValue(random, 2));
        }
        return body.append('}').toString();
    }

    private static String batch(SplittableRandom random) {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int i = random.nextInt(50); i >= 0; i--) {
            body.append(random.nextInt(3) == 0 ? randomApplication(random) : Applications.typical())
                    .append(i > 0 ? "," : "");
        }
        return body.append("]}").toString();
    }

    private static String randomValue(SplittableRandom random, int depth) {
        int kind = depth > 40 ? random.nextInt(8) : random.nextInt(11);
        return switch (kind) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-400, 400)));
            case 2 -> "1" + "0".repeat(random.nextInt(1, 600));
            case 3 -> List.of("NaN", "Infinity", "-Infinity", "-0", "1e999", "0x10", "01")
                    .get(random.nextInt(7));
            case 4 -> "\"" + List.of("\\u0000", "\\ud800", "\\uDFFF\\uD800", "\\\\", "\\x", "é", "\\n")
                    .get(random.nextInt(7)) + printable(random, random.nextInt(20)).replace("\\", "").replace("\"", "")
                    + "\"";
            case 5 -> random.nextBoolean() ? "true" : "false";
            case 6 -> "null";
            case 7 -> "\"" + "x".repeat(random.nextInt(20_000)) + "\"";
            case 8 -> "[" + randomValue(random, depth + 1) + "]";
            case 9 -> "{\"k\": " + randomValue(random, depth + 1) + ", \"k\": 1}";
            default -> "[".repeat(random.nextInt(1, 200)) + "]".repeat(random.nextInt(1, 200));
        };
    }

    private static byte[] mutate(SplittableRandom random, byte[] body) {
        byte[] mutated = body.clone();
        for (int i = random.nextInt(1, 6); i > 0; i--) {
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        return mutated;
    }

    private static byte[] truncate(SplittableRandom random, byte[] body) {
        byte[] cut = new byte[random.nextInt(body.length)];
        System.arraycopy(body, 0, cut, 0, cut.length);
        return cut;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(2_000)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static String printable(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x21, 0x7f));
        }
        return text.toString();
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}

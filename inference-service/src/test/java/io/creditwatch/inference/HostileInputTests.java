package io.creditwatch.inference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What attackers and broken clients send: bodies over the JSON limits, encodings that are not
 * UTF-8, broken chunks, hang-ups, drips, more bodies at once than the service reads, bodies on GET,
 * /error. Each is a 4xx (or a 503 for the busy service) in the API's JSON, counted under its own
 * reason, and never an internal error.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "inference.model.path=../models/default", "spring.datasource.url=jdbc:sqlite:target/test-stores/hostile.db",
        "inference.request.bodies.body-read-timeout=1s", "inference.request.bodies.max-concurrent-bodies=3"})
class HostileInputTests extends ServiceOverHttp {

    @Test
    void bodiesOverTheJsonLimitsAre400() {
        // a value of the wrong type is refused by field without being read, so a huge string there
        // is an invalid application; over a limit where it is read, the body is malformed
        List<String> bodies = List.of(
                "{\"age\": " + "1".repeat(1_500) + "}",
                "{\"age\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"" + "a".repeat(60_000) + "\": 1}",
                "{\"age\": \"" + "x".repeat(200_000) + "\"}");
        for (String body : bodies) {
            ServiceClient.Response response = client.postJson("/predict", body);
            assertThat(response.status()).as(body.substring(0, 20)).isEqualTo(400);
            assertThat(response.json().path("reason").asText()).as(body.substring(0, 20))
                    .isIn("malformed_json", "invalid_application");
        }
        assertNoInternalError();
    }

    @Test
    void bodiesThatAreNotUtf8JsonAre400() {
        for (String body : List.of("\u0000\u0000\u0000{\u0000\u0000\u0000\"\u0000\u0000\u0000\uD800",
                "\u0000\u0000\u0000\u0001\u0000\u0000\u0000\u0002")) {
            ServiceClient.Response response = client.send(HttpRequest.newBuilder(uri("/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(Charset.forName("ISO-8859-1")))));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("reason").asText()).isIn("malformed_json", "invalid_body");
        }
        assertNoInternalError();
    }

    @Test
    void aBrokenChunkAndAHangUpAreCountedAsUnreadableBodies() throws Exception {
        try (RawHttp raw = new RawHttp(port)) {
            String answer = raw
                    .send("POST /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"age\r\nZZ\r\nabc\r\n0\r\n\r\n")
                    .answer();
            assertThat(RawHttp.status(answer)).isEqualTo(400);
            assertThat(answer).contains("\"reason\":\"body_unreadable\"");
        }
        double before = client.metric("ml_request_errors_total", "reason=\"body_unreadable\"");
        try (RawHttp raw = new RawHttp(port)) {
            raw.send(
                    "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                            + "{\"age\": 4");
        }
        awaitMetric("reason=\"body_unreadable\"", before + 1);
        assertNoInternalError();
    }

    @Test
    void aDrippedBodyIsCutOffAndTooManyBodiesAtOnceAreRefusedAtOnce() throws Exception {
        List<RawHttp> drips = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                drips.add(new RawHttp(port).send("POST /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
            }
            Thread.sleep(300);
            ServiceClient.Response busy = client.postJson("/predict", Applications.typical());
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.json().path("reason").asText()).isEqualTo("server_busy");
            assertThat(client.get("/health").status()).as("probes need no body").isEqualTo(200);

            for (int second = 0; second < 2; second++) {
                Thread.sleep(600);
                for (RawHttp drip : drips) {
                    drip.send(" ");
                }
            }
            String answer = drips.get(0).answer();
            assertThat(RawHttp.status(answer)).isEqualTo(408);
            assertThat(answer).contains("\"reason\":\"body_timeout\"");
        } finally {
            for (RawHttp drip : drips) {
                drip.close();
            }
        }
        assertThat(client.postJson("/predict", Applications.typical()).status()).as("permits come back").isEqualTo(200);
        assertNoInternalError();
    }

    @Test
    void whatIsNotHttpGetsTheApisJsonFromTheWebServer() throws Exception {
        for (String request : List.of("GARBAGE\r\n\r\n", "GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /%%% HTTP/1.1\r\nHost: x\r\n\r\n")) {
            try (RawHttp raw = new RawHttp(port)) {
                String answer = raw.send(request).answer();
                assertThat(RawHttp.status(answer)).as(request).isEqualTo(400);
                assertThat(answer).as(request).contains("Content-Type: application/json", "\"reason\":\"bad_request\"");
            }
        }
    }

    @Test
    void bodiesOnGetAreRefusedOrIgnoredAndErrorIsNoEndpoint() {
        for (String path : List.of("/health", "/metrics", "/health/liveness")) {
            for (String body : List.of("{\"a\": [1, 2, {\"b\": null}]}", "[1]", "{", "\"x\"")) {
                ServiceClient.Response response = client.send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .method("GET", HttpRequest.BodyPublishers.ofString(body)));
                assertThat(response.status()).as(path + " " + body).isIn(200, 400);
                if (response.status() == 400) {
                    assertThat(response.json().path("reason").asText()).isEqualTo("invalid_body");
                }
            }
        }
        for (String method : List.of("GET", "POST", "PUT")) {
            ServiceClient.Response error = client.send(HttpRequest.newBuilder(uri("/error"))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(error.status()).as(method).isEqualTo(404);
            assertThat(error.json().path("reason").asText()).isEqualTo("not_found");
        }
        assertNoInternalError();
    }

    @Test
    void optionsIsNotCountedAsAPrediction() {
        double before = client.metric("ml_requests_total",
                "endpoint=\"/predict\",service=\"ml-inference\",status=\"200\"");

        client.send(HttpRequest.newBuilder(uri("/predict")).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(client.metric("ml_requests_total", "endpoint=\"/predict\",service=\"ml-inference\",status=\"200\""))
                .isEqualTo(before);
    }

    private void assertNoInternalError() {
        assertThat(client.metric("ml_request_errors_total", "reason=\"internal_error\"")).isZero();
    }

    private void awaitMetric(String labels, double atLeast) throws InterruptedException {
        for (int i = 0; i < 50 && client.metric("ml_request_errors_total", labels) < atLeast; i++) {
            Thread.sleep(100);
        }
        assertThat(client.metric("ml_request_errors_total", labels)).isGreaterThanOrEqualTo(atLeast);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

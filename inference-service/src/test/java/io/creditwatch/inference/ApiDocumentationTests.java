package io.creditwatch.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.creditwatch.inference.web.Rejection;
import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI description: the one committed as docs/openapi.yaml (rewrite it with
 * {@code -Dcreditwatch.regenerate=true}), every field with its type and range, every reason, the
 * feedback key as a bearer scheme, and Swagger UI served without an online validator.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"inference.model.path=../models/default",
                "spring.datasource.url=jdbc:sqlite:target/test-stores/api-docs.db"})
class ApiDocumentationTests extends ServiceOverHttp {

    private static final Path COMMITTED = Path.of("../docs/openapi.yaml");
    /** Reasons no operation answers with: other paths and methods, a client gone, a fault. */
    private static final Set<Rejection> NOT_AN_OPERATIONS = Set.of(Rejection.NOT_FOUND, Rejection.METHOD_NOT_ALLOWED,
            Rejection.CLIENT_DISCONNECTED, Rejection.INTERNAL_ERROR);

    @Test
    void servedSpecIsTheCommittedOne() throws IOException {
        ServiceClient.Response served = client.get("/v3/api-docs.yaml");
        assertThat(served.status()).isEqualTo(200);
        if (Boolean.getBoolean("creditwatch.regenerate")) {
            Files.writeString(COMMITTED, served.body());
        }
        assertThat(served.body()).as("docs/openapi.yaml; rewrite it with -Dcreditwatch.regenerate=true")
                .isEqualTo(Files.readString(COMMITTED));
    }

    @Test
    void everyFieldHasItsTypeRangeAndExample() {
        JsonNode spec = client.get("/v3/api-docs").json();
        JsonNode application = spec.at("/components/schemas/Application");
        List<String> required = new ArrayList<>();
        application.path("required").forEach(name -> required.add(name.asText()));
        for (Feature feature : Feature.values()) {
            JsonNode field = application.path("properties").path(feature.jsonName());
            assertThat(field.path("type").asText()).as(feature.jsonName())
                    .isEqualTo(feature.kind() == Feature.Kind.WHOLE ? "integer" : "number");
            assertThat(field.path("minimum").asDouble()).isEqualTo(feature.min());
            assertThat(field.path("maximum").asDouble()).isEqualTo(feature.max());
            assertThat(field.path("description").asText()).isNotBlank();
            assertThat(field.has("example")).isTrue();
            assertThat(field.path("nullable").asBoolean()).isEqualTo(feature.nullable());
            assertThat(required.contains(feature.jsonName())).isEqualTo(!feature.nullable());
        }
        assertThat(application.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(spec.at("/components/schemas/ApplicationBatch/properties/instances/maxItems").asInt())
                .isEqualTo(10_000);
        for (String schema : List.of("Decision", "Label", "FeedbackResult", "Error")) {
            assertThat(spec.at("/components/schemas/" + schema + "/properties").size()).as(schema).isPositive();
        }
    }

    @Test
    void everyReasonIsListedWithItsStatus() {
        JsonNode spec = client.get("/v3/api-docs").json();
        List<String> reasons = new ArrayList<>();
        spec.at("/components/schemas/Error/properties/reason/enum").forEach(reason -> reasons.add(reason.asText()));
        assertThat(reasons).containsExactlyElementsOf(Arrays.stream(Rejection.values()).map(Rejection::code).toList());

        String responses = spec.at("/paths/~1predict/post/responses").toString()
                + spec.at("/paths/~1feedback/post/responses").toString();
        for (Rejection rejection : Rejection.values()) {
            if (NOT_AN_OPERATIONS.contains(rejection)) {
                continue;
            }
            String status = Integer.toString(rejection.status().value());
            JsonNode predict = spec.at("/paths/~1predict/post/responses/" + status + "/description");
            JsonNode feedback = spec.at("/paths/~1feedback/post/responses/" + status + "/description");
            assertThat(predict.asText() + feedback.asText()).as(rejection.code() + " under its status " + status)
                    .contains("`" + rejection.code() + "`");
        }
        assertThat(responses).doesNotContain("`not_found`").doesNotContain(": null");
        assertThat(spec.at("/paths/~1predict/post/responses/503/headers/Retry-After").isMissingNode()).isFalse();
    }

    @Test
    void theFeedbackKeyIsABearerSchemeOfFeedbackOnly() {
        JsonNode spec = client.get("/v3/api-docs").json();

        assertThat(spec.at("/components/securitySchemes/feedbackKey/type").asText()).isEqualTo("http");
        assertThat(spec.at("/components/securitySchemes/feedbackKey/scheme").asText()).isEqualTo("bearer");
        assertThat(spec.at("/paths/~1feedback/post/security/0").has("feedbackKey")).isTrue();
        assertThat(spec.at("/paths/~1predict/post/security").isMissingNode()).isTrue();
        assertThat(spec.path("paths").size()).as("only the two operations").isEqualTo(2);
    }

    @Test
    void swaggerUiIsServedWithoutAnOnlineValidator() {
        ServiceClient.Response page = client.get("/swagger-ui/index.html");
        ServiceClient.Response config = client.get("/v3/api-docs/swagger-config");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        assertThat(client.get("/swagger-ui.html").status()).as("redirected to the page").isIn(200, 302);
        assertThat(config.json().path("validatorUrl").asText()).isEqualTo("none");
        assertThat(config.json().path("url").asText()).isEqualTo("/v3/api-docs");
    }
}

package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml: docker-compose validates it (no engine needed), and the names, ports and
 * paths that prometheus.yml, Alertmanager, Grafana provisioning and Compose refer to agree.
 */
class ComposeTests {

    private static final JsonNode COMPOSE = Yaml.read(Tools.ROOT.resolve("docker-compose.yml"));
    /** The port each service listens on inside its container. */
    private static final Map<String, Integer> PORTS = Map.of("inference-service", 5000, "metrics-exporter", 8000,
            "prometheus", 9090, "alertmanager", 9093, "grafana", 3000, "postgres", 5432, "mailpit", 1025);

    /** The names Compose mounts as secrets, which bin/check-secrets checks and bin/make-secrets writes. */
    private static final List<String> SECRETS = List.of("postgres_password", "store_app_password",
            "store_reader_password", "feedback_api_keys", "grafana_admin_password", "slack_webhook_url");

    @Test
    void composeFileIsValid() {
        Tools.Result result = Tools.run(Tools.ROOT, "docker-compose", "--env-file", ".env.example", "-f",
                "docker-compose.yml", "config", "--quiet");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void composeIsSafeByDefault() throws Exception {
        List<String> published = new ArrayList<>();
        COMPOSE.path("services").fields().forEachRemaining(entry -> entry.getValue().path("ports").forEach(port -> {
            published.add(entry.getKey());
            assertThat(port.asText()).as(entry.getKey()).startsWith("${PUBLISH_ADDRESS:-127.0.0.1}:");
        }));
        assertThat(published).containsExactlyInAnyOrder("inference-service", "grafana");
        assertThat(Files.readString(Tools.ROOT.resolve("docker-compose.yml"))).doesNotContain("enable-lifecycle");
    }

    /**
     * Every secret is a file under secrets/ (not committed), mounted read-only under /run/secrets and
     * never in an environment variable; every service that mounts one starts only after
     * secrets-check has passed; the services log in to PostgreSQL as their own roles, not the superuser.
     */
    @Test
    void secretsAreFilesCheckedBeforeAnythingStarts() throws Exception {
        assertThat(names(COMPOSE.path("secrets"))).containsExactlyInAnyOrderElementsOf(SECRETS);
        COMPOSE.path("secrets").fields().forEachRemaining(secret -> assertThat(secret.getValue().path("file").asText())
                .isEqualTo("./secrets/" + secret.getKey()));
        assertThat(Files.readString(Tools.ROOT.resolve(".gitignore")).lines()).contains("secrets/");
        assertThat(Files.readString(Tools.ROOT.resolve("docker-compose.yml"))).doesNotContain("hooks.slack.com",
                "admin123");
        assertThat(Files.readString(Tools.ROOT.resolve(".env.example")))
                .doesNotContainPattern("(?m)^[A-Z_]*(PASSWORD|KEY|URL)");
        COMPOSE.path("services").fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            entry.getValue().path("environment").fieldNames().forEachRemaining(variable -> assertThat(variable)
                    .as(name + " holds no secret in its environment")
                    .doesNotContainPattern("(PASSWORD|API_KEYS|WEBHOOK)$"));
            if (entry.getValue().has("secrets") && !name.equals("secrets-check")) {
                assertThat(entry.getValue().at("/depends_on/secrets-check/condition").asText())
                        .as(name + " waits for the check")
                        .isEqualTo("service_completed_successfully");
            }
        });
        assertThat(textValues(COMPOSE.at("/services/secrets-check/secrets"))).as("secrets-check checks every secret")
                .containsExactlyInAnyOrderElementsOf(SECRETS);
        assertThat(environment("postgres", "POSTGRES_PASSWORD_FILE")).isEqualTo("/run/secrets/postgres_password");
        assertThat(environment("inference-service", "SPRING_DATASOURCE_USERNAME")).isEqualTo("creditwatch_app");
        assertThat(environment("metrics-exporter", "SPRING_DATASOURCE_USERNAME")).isEqualTo("creditwatch_reader");
        for (String service : List.of("inference-service", "metrics-exporter")) {
            assertThat(environment(service, "SPRING_CONFIG_IMPORT")).isEqualTo("configtree:/run/secrets/");
            assertThat(COMPOSE.at("/services/" + service + "/secrets").findValuesAsText("target")).as(service)
                    .contains("spring.datasource.password");
        }
        assertThat(COMPOSE.at("/services/inference-service/secrets").findValuesAsText("target"))
                .contains("inference.feedback.api-keys");
        assertThat(mounts("postgres")).contains("./postgres/initdb:/docker-entrypoint-initdb.d");
    }

    @Test
    void checkSecretsRefusesMissingShortOrMalformedSecrets() throws Exception {
        Path secrets = Files.createTempDirectory("secrets");
        for (String name : SECRETS) {
            Files.writeString(secrets.resolve(name), name.equals("slack_webhook_url")
                    ? "https://hooks.example.com/services/T/B/X" : "0123456789abcdef-" + name);
        }
        Tools.Result good = Tools.run(Tools.ROOT, "sh", "bin/check-secrets", secrets.toString());
        assertThat(good.exitCode()).as(good.output()).isZero();

        Files.writeString(secrets.resolve("feedback_api_keys"), "0123456789abcdef-current,old-short");
        Files.writeString(secrets.resolve("slack_webhook_url"), "http://hooks.example.com/x");
        Files.delete(secrets.resolve("grafana_admin_password"));
        Tools.Result bad = Tools.run(Tools.ROOT, "sh", "bin/check-secrets", secrets.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.output().lines()).containsExactly(
                "secret feedback_api_keys: 9 characters, at least 16 needed (" + secrets.resolve("feedback_api_keys")
                        + ")",
                "secret grafana_admin_password: missing or empty (" + secrets.resolve("grafana_admin_password")
                        + "); bin/make-secrets writes one",
                "secret slack_webhook_url: not an https URL (" + secrets.resolve("slack_webhook_url") + ")");
    }

    @Test
    void everyServiceHasAMemoryLimit() {
        COMPOSE.path("services").fields()
                .forEachRemaining(entry -> assertThat(entry.getValue().path("mem_limit").asText())
                        .as(entry.getKey()).matches("\\d+[mg]"));
    }

    @Test
    void everyServiceIsPinnedHealthCheckedAndStartsInOrder() {
        assertThat(names(COMPOSE.path("services"))).containsExactlyInAnyOrder("secrets-check", "postgres",
                "inference-service",
                "metrics-exporter", "prometheus", "alertmanager", "mailpit", "grafana");
        COMPOSE.path("services").fields().forEachRemaining(entry -> {
            JsonNode service = entry.getValue();
            String name = entry.getKey();
            assertThat(service.path("image").asText()).as(name + " image")
                    .matches("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*");
            if (!name.equals("secrets-check")) {
                assertThat(service.at("/healthcheck/test").isMissingNode()).as(name + " healthcheck").isFalse();
            }
            service.path("depends_on").fields()
                    .forEachRemaining(dependency -> assertThat(dependency.getValue().path("condition").asText())
                            .as(name + " waits for " + dependency.getKey())
                            .isEqualTo(dependency.getKey().equals("secrets-check") ? "service_completed_successfully"
                                    : "service_healthy"));
        });
    }

    @Test
    void configIsMountedReadOnlyFromFilesThatExist() {
        COMPOSE.path("services").fields().forEachRemaining(entry -> entry.getValue().path("volumes").forEach(volume -> {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                assertThat(Tools.ROOT.resolve(parts[0])).as(volume.asText()).exists();
                assertThat(parts).as(volume.asText() + " read-only").hasSize(3);
                assertThat(parts[2]).isEqualTo("ro");
            } else {
                assertThat(COMPOSE.path("volumes").has(parts[0])).as("named volume " + parts[0]).isTrue();
            }
        }));
    }

    @Test
    void prometheusScrapesTheComposeServicesOnTheirPorts() {
        JsonNode prometheus = Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            job.at("/static_configs/0/targets").forEach(target -> targets.add(target.asText()));
        }
        prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets")
                .forEach(target -> targets.add(target.asText()));

        assertThat(targets).contains("inference-service:5000", "metrics-exporter:8000", "alertmanager:9093");
        for (String target : targets) {
            String host = target.split(":")[0];
            int port = Integer.parseInt(target.split(":")[1]);
            if (!host.equals("localhost")) {
                assertThat(COMPOSE.path("services").has(host)).as(target).isTrue();
                assertThat(PORTS.get(host)).as(target).isEqualTo(port);
            }
        }
        assertThat(environment("inference-service", "SERVICE_PORT")).isEqualTo("5000");
        assertThat(environment("metrics-exporter", "EXPORTER_PORT")).isEqualTo("8000");
    }

    @Test
    void prometheusRulesAndGrafanaProvisioningAreWhereTheContainersLook() {
        JsonNode prometheus = Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml"));
        List<String> prometheusMounts = mounts("prometheus");
        assertThat(prometheusMounts).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml",
                "./prometheus/rules:/etc/prometheus/rules");
        prometheus.path("rule_files").forEach(
                file -> assertThat(Tools.ROOT.resolve("prometheus").resolve(file.asText())).as(file.asText()).exists());

        JsonNode provider = Yaml.read(Tools.ROOT.resolve("grafana/provisioning/dashboards/creditwatch.yml"));
        assertThat(mounts("grafana")).contains(
                "./grafana/dashboards:" + provider.at("/providers/0/options/path").asText(),
                "./grafana/provisioning:/etc/grafana/provisioning");

        URI datasource = URI.create(Yaml.read(Tools.ROOT.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .at("/datasources/0/url").asText());
        assertThat(COMPOSE.path("services").has(datasource.getHost())).isTrue();
        assertThat(datasource.getPort()).isEqualTo(PORTS.get(datasource.getHost()));
        URI alertmanager = URI.create(Yaml.read(Tools.ROOT.resolve("grafana/provisioning/alerting/contact-points.yml"))
                .at("/contactPoints/0/receivers/0/settings/url").asText());
        assertThat(alertmanager.getHost() + ":" + alertmanager.getPort()).isEqualTo("alertmanager:9093");
    }

    @Test
    void alertmanagerMailsTheComposeInboxAndReadsItsSecretWhereComposeWritesIt() {
        JsonNode alertmanager = Yaml.read(Tools.ROOT.resolve("alertmanager/alertmanager.yml"));
        String smarthost = alertmanager.at("/global/smtp_smarthost").asText();

        assertThat(COMPOSE.path("services").has(smarthost.split(":")[0])).isTrue();
        assertThat(Integer.parseInt(smarthost.split(":")[1])).isEqualTo(PORTS.get("mailpit"));
        assertThat(alertmanager.at("/global/slack_api_url_file").asText()).isEqualTo("/run/secrets/slack_webhook_url");
        assertThat(textValues(COMPOSE.at("/services/alertmanager/secrets"))).containsExactly("slack_webhook_url");
        assertThat(mounts("alertmanager")).contains(
                "./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml",
                "./alertmanager/templates:/etc/alertmanager/templates");
    }

    @Test
    void bothJavaServicesBuildFromTheDockerfileAsNonRoot() throws Exception {
        String dockerfile = Files.readString(Tools.ROOT.resolve("Dockerfile"));

        assertThat(dockerfile).contains("FROM maven:", "AS build", "FROM eclipse-temurin:17-jre-jammy",
                "USER creditwatch",
                "HEALTHCHECK");
        for (String service : List.of("inference-service", "metrics-exporter")) {
            assertThat(COMPOSE.at("/services/" + service + "/build/args/SERVICE").asText()).isEqualTo(service);
            assertThat(Tools.ROOT.resolve(service).resolve("pom.xml")).exists();
        }
    }

    private static String environment(String service, String variable) {
        return COMPOSE.at("/services/" + service + "/environment/" + variable).asText();
    }

    private static List<String> mounts(String service) {
        List<String> mounts = new ArrayList<>();
        COMPOSE.at("/services/" + service + "/volumes")
                .forEach(volume -> mounts.add(volume.asText().replaceAll(":ro$", "")));
        return mounts;
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}

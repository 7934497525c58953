package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes}: its generated files are those of the stack's own rules and dashboards,
 * the base and the example overlay render with {@code kubectl kustomize}, every rendered object
 * validates against the Kubernetes and Prometheus Operator schemas, the PrometheusRule passes the
 * rule files' promtool tests, and the workloads keep their security settings. Run with
 * {@code -Dcreditwatch.regenerate=true} to rewrite the generated files.
 */
class KubernetesTests {

    static final Path KUBERNETES = Tools.ROOT.resolve("deploy/kubernetes");
    private static final Path BASE = KUBERNETES.resolve("base");
    private static final Path RULE = BASE.resolve("prometheus-rule.yaml");
    private static final Path DASHBOARDS = Tools.ROOT.resolve("grafana/dashboards");
    private static final Path DOC = Tools.ROOT.resolve("docs/kubernetes.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    @Test
    void generatedFilesAreTheStacksOwn() throws IOException {
        if (Boolean.getBoolean("creditwatch.regenerate")) {
            // the rendering in the doc needs the generated manifests in place first
            write(fromTheStack());
            write(Map.of(DOC, renderingInDoc()));
        }
        Map<Path, String> generated = fromTheStack();
        generated.put(DOC, renderingInDoc());
        for (Map.Entry<Path, String> file : generated.entrySet()) {
            assertThat(Files.readString(file.getKey())).as(Tools.ROOT.relativize(file.getKey())
                    + " is generated; rewrite it with -Dcreditwatch.regenerate=true").isEqualTo(file.getValue());
        }
        try (Stream<Path> copies = Files.list(BASE.resolve("dashboards"))) {
            assertThat(copies.map(file -> file.getFileName().toString()).sorted())
                    .as("no copy of a dashboard that is gone").containsExactlyElementsOf(dashboardFiles().keySet());
        }
    }

    @Test
    void baseAndExampleOverlayRenderAndValidateAgainstTheirSchemas() throws IOException {
        Path work = Files.createTempDirectory("kubernetes");
        Path validator = KUBERNETES.resolve("validate");
        if ("true".equals(System.getenv("CI")) || !Files.isDirectory(validator.resolve("node_modules"))) {
            Tools.Result install = Tools.run(validator, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        for (String root : List.of(".", "overlays/example")) {
            Path rendered = work.resolve(root.replace('/', '-') + ".yaml");
            Files.writeString(rendered, render(root));
            Tools.Result validation = Tools.run(validator, "node", "validate.mjs", rendered.toString());
            assertThat(validation.exitCode()).as(validation.output()).isZero();
            assertThat(validation.output().lines()).as("objects validated in " + root).hasSizeGreaterThanOrEqualTo(13)
                    .allMatch(line -> line.startsWith("valid "));
        }
    }

    @Test
    void prometheusRulePassesTheRuleFilesOwnTests() throws IOException {
        Path work = Files.createTempDirectory("prometheus-rule");
        JsonNode rule = objects(render(".")).stream().filter(object -> kind(object).equals("PrometheusRule"))
                .findFirst().orElseThrow();
        Path rules = work.resolve("rules.yml");
        YAML.writeValue(rules.toFile(), rule.path("spec"));
        Tools.Result check = Tools.run(work, "promtool", "check", "rules", rules.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        for (String test : List.of("alerts_test.yml", "recording_test.yml")) {
            ObjectNode retargeted = (ObjectNode) Yaml.read(Tools.ROOT.resolve("prometheus/tests").resolve(test));
            retargeted.putArray("rule_files").add(rules.toString());
            YAML.writeValue(work.resolve(test).toFile(), retargeted);
            Tools.Result result = Tools.run(work, "promtool", "test", "rules", test);
            assertThat(result.exitCode()).as(test + " against the PrometheusRule:\n" + result.output()).isZero();
        }
    }

    @Test
    void workloadsKeepTheirSecuritySettingsAndProbes() throws IOException {
        List<JsonNode> objects = objects(render("."));
        List<JsonNode> deployments = objects.stream().filter(object -> kind(object).equals("Deployment")).toList();
        assertThat(deployments).extracting(KubernetesTests::name).containsExactlyInAnyOrder("inference-service",
                "metrics-exporter");
        for (JsonNode deployment : deployments) {
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name(deployment) + " runs as non-root")
                    .isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(name(deployment) + " user").isPositive();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("no API token mounted").isFalse();
            for (JsonNode container : pod.path("containers")) {
                String what = name(deployment) + "/" + container.path("name").asText();
                assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                        .as(what + " read-only root").isTrue();
                assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(what)
                        .isFalse();
                assertThat(container.at("/securityContext/capabilities/drop").toString()).as(what).contains("\"ALL\"");
                assertThat(container.at("/resources/limits/memory").asText()).as(what + " memory limit").isNotBlank();
                assertThat(container.at("/resources/requests/cpu").asText()).as(what + " CPU request").isNotBlank();
                assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/liveness");
                assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/readiness");
                assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/liveness");
                assertThat(mountPaths(container)).as(what + " has a writable /tmp").contains("/tmp");
            }
        }
        JsonNode inference = named(objects, "Deployment", "inference-service");
        assertThat(inference.at("/spec/replicas").asInt()).as("inference replicas").isGreaterThanOrEqualTo(2);
        JsonNode container = inference.at("/spec/template/spec/containers/0");
        String journal = env(container, "INFERENCE_CAPTURE_JOURNAL_DIRECTORY");
        assertThat(mountPaths(container)).as("the capture journal on a volume")
                .contains(Path.of(journal).getParent().toString());
        assertThat(env(container, "SPRING_DATASOURCE_URL")).as("PostgreSQL, the external store").isNull();
        assertThat(container.path("env").findValuesAsText("name")).contains("SPRING_DATASOURCE_PASSWORD",
                "INFERENCE_FEEDBACK_API_KEYS");
        for (String secret : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                "INFERENCE_FEEDBACK_API_KEYS")) {
            assertThat(envFrom(container, secret).at("/secretKeyRef/name").asText()).as(secret + " from the Secret")
                    .isEqualTo("creditwatch-secrets");
        }
        assertThat(objects).as("the base holds no secret values").noneMatch(object -> kind(object).equals("Secret"));

        JsonNode autoscaler = named(objects, "HorizontalPodAutoscaler", "inference-service");
        assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo("inference-service");
        assertThat(autoscaler.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode budget = named(objects, "PodDisruptionBudget", "inference-service");
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(inference.at("/spec/template/metadata/labels"));
    }

    @Test
    void serviceMonitorsScrapeTheJobsTheRulesSelectAndDashboardsAreLabelled() throws IOException {
        List<JsonNode> objects = objects(render("."));
        Map<String, String> jobs = new TreeMap<>();
        for (JsonNode monitor : objects.stream().filter(object -> kind(object).equals("ServiceMonitor")).toList()) {
            assertThat(monitor.at("/metadata/labels/release").asText()).as("kube-prometheus-stack's selector label")
                    .isEqualTo("kube-prometheus-stack");
            JsonNode service = objects.stream().filter(object -> kind(object).equals("Service")
                    && labelsMatch(monitor.at("/spec/selector/matchLabels"), object.at("/metadata/labels"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name(monitor) + " selects no Service"));
            assertThat(service.at("/spec/ports").findValuesAsText("name"))
                    .contains(monitor.at("/spec/endpoints/0/port").asText());
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
            jobs.put(name(service),
                    service.at("/metadata/labels").path(monitor.at("/spec/jobLabel").asText()).asText());
        }
        Map<String, String> composeJobs = new TreeMap<>();
        Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml")).path("scrape_configs").forEach(job -> {
            String target = job.at("/static_configs/0/targets/0").asText();
            composeJobs.put(target.substring(0, target.indexOf(':')), job.path("job_name").asText());
        });
        assertThat(jobs).as("each service's job, as prometheus.yml names it").isNotEmpty()
                .allSatisfy((service, job) -> assertThat(job).isEqualTo(composeJobs.get(service)));

        List<JsonNode> dashboards = objects.stream().filter(object -> kind(object).equals("ConfigMap")
                && object.at("/metadata/labels/grafana_dashboard").asText().equals("1")).toList();
        Map<String, String> provisioned = new TreeMap<>();
        dashboards.forEach(map -> map.path("data").fields()
                .forEachRemaining(file -> provisioned.put(file.getKey(), file.getValue().asText())));
        assertThat(provisioned).isEqualTo(dashboardFiles());
    }

    private static void write(Map<Path, String> files) throws IOException {
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue());
        }
    }

    /** The manifests generated from the stack's files: the PrometheusRule from the rule files, a copy of each dashboard. */
    private static Map<Path, String> fromTheStack() throws IOException {
        ObjectNode rule = YAML.createObjectNode().put("apiVersion", "monitoring.coreos.com/v1").put("kind",
                "PrometheusRule");
        ObjectNode metadata = rule.putObject("metadata").put("name", "creditwatch");
        metadata.putObject("labels").put("release", "kube-prometheus-stack");
        ArrayNode groups = rule.putObject("spec").putArray("groups");
        Yaml.read(Tools.ROOT.resolve("prometheus/prometheus.yml")).path("rule_files").forEach(file -> Yaml
                .read(Tools.ROOT.resolve("prometheus").resolve(file.asText())).path("groups").forEach(groups::add));
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(RULE, "# Generated from prometheus/rules/ by KubernetesTests: edit those files, not this one.\n"
                + YAML.writeValueAsString(rule));
        dashboardFiles().forEach((name, content) -> files.put(BASE.resolve("dashboards").resolve(name), content));
        return files;
    }

    /** docs/kubernetes.md with the base's rendering, but for the PrometheusRule and the dashboards, between its markers. */
    private static String renderingInDoc() throws IOException {
        String doc = Files.readString(DOC);
        String start = "<!-- rendered:start -->\n";
        String end = "<!-- rendered:end -->";
        assertThat(doc).contains(start, end);
        String shown = Stream.of(render(".").split("(?m)^---\n"))
                .filter(object -> !object.contains("kind: PrometheusRule") && !object.contains("grafana_dashboard"))
                .collect(Collectors.joining("---\n"));
        return doc.substring(0, doc.indexOf(start) + start.length()) + "```yaml\n" + shown + "```\n"
                + doc.substring(doc.indexOf(end));
    }

    private static Map<String, String> dashboardFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> dashboards = Files.list(DASHBOARDS)) {
            for (Path file : dashboards.filter(file -> file.toString().endsWith(".json")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    static String render(String root) {
        Tools.Result result = Tools.run(KUBERNETES, "kubectl", "kustomize", root);
        assertThat(result.exitCode()).as("kubectl kustomize " + root + ":\n" + result.output()).isZero();
        return result.output();
    }

    static List<JsonNode> objects(String rendered) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
        }
        return objects;
    }

    private static String kind(JsonNode object) {
        return object.path("kind").asText();
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    private static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(object -> kind(object).equals(kind) && name(object).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<String> mountPaths(JsonNode container) {
        return container.path("volumeMounts").findValuesAsText("mountPath");
    }

    /** The variable's literal value, or null when it has none (it comes from a ConfigMap or Secret). */
    private static String env(JsonNode container, String variable) {
        JsonNode value = envEntry(container, variable).path("value");
        return value.isMissingNode() ? null : value.asText();
    }

    private static JsonNode envFrom(JsonNode container, String variable) {
        return envEntry(container, variable).path("valueFrom");
    }

    private static JsonNode envEntry(JsonNode container, String variable) {
        for (JsonNode entry : container.path("env")) {
            if (entry.path("name").asText().equals(variable)) {
                return entry;
            }
        }
        throw new AssertionError("no " + variable + " in " + container.path("name").asText());
    }

    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        List<Map.Entry<String, JsonNode>> wanted = new ArrayList<>();
        selector.fields().forEachRemaining(wanted::add);
        return !wanted.isEmpty()
                && wanted.stream().allMatch(entry -> labels.path(entry.getKey()).equals(entry.getValue()));
    }
}

package io.creditwatch.metrics.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.metrics.monitoring.CycleSnapshot;
import io.creditwatch.metrics.monitoring.MonitoringCycle;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /report}: the validation report of the last successful monitoring cycle, as one page
 * (HTML, with its stylesheet, script and the uPlot charting library served from the jar, nothing
 * from elsewhere) or, with {@code ?format=json}, as data. Any other format is a JSON 400.
 */
@RestController
class ReportController {

    /** The page's own files and uPlot's, by the name the page asks for them. */
    private static final Map<String, Asset> ASSETS = assets();
    /** Nothing but the exporter itself: the page runs its own script and the data embedded in it. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private final MonitoringCycle cycle;
    private final ObjectMapper json;

    ReportController(MonitoringCycle cycle, ObjectMapper json) {
        this.cycle = cycle;
        this.json = json;
    }

    @GetMapping("/report")
    ResponseEntity<?> report(@RequestParam(name = "format", required = false) String format)
            throws JsonProcessingException {
        CycleSnapshot snapshot = cycle.snapshot();
        Map<String, Object> data = snapshot == null ? ReportData.none() : ReportData.of(snapshot);
        if ("json".equals(format)) {
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                    .body(data);
        }
        if (format != null && !"html".equals(format)) {
            return badRequest(
                    "unknown format '" + format + "': GET /report answers format=html (the default) or format=json");
        }
        String page = ReportPage.render(snapshot, json.writeValueAsString(data));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(page);
    }

    @GetMapping("/report/assets/{name:.+}")
    ResponseEntity<?> asset(@PathVariable String name) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(error(HttpStatus.NOT_FOUND, "not_found", "no asset " + name + " of the report"));
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(asset.type()).body(asset.bytes());
    }

    private static ResponseEntity<Map<String, Object>> badRequest(String message) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(error(HttpStatus.BAD_REQUEST, "bad_request", message));
    }

    /** The exporter's JSON error, as {@code ErrorEndpoint} answers. */
    private static Map<String, Object> error(HttpStatus status, String reason, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("reason", reason);
        body.put("message", message);
        return body;
    }

    private record Asset(MediaType type, byte[] bytes) {
    }

    private static Map<String, Asset> assets() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        MediaType javascript = new MediaType("text", "javascript", StandardCharsets.UTF_8);
        MediaType css = new MediaType("text", "css", StandardCharsets.UTF_8);
        Map<String, Asset> assets = new LinkedHashMap<>();
        assets.put(ReportPage.UPLOT_SCRIPT, new Asset(javascript, read(uplot + "uPlot.iife.min.js")));
        assets.put(ReportPage.UPLOT_STYLE, new Asset(css, read(uplot + "uPlot.min.css")));
        assets.put(ReportPage.SCRIPT, new Asset(javascript, read("report/report.js")));
        assets.put(ReportPage.STYLE, new Asset(css, read("report/report.css")));
        return Map.copyOf(assets);
    }

    /** The version of the uPlot WebJar on the class path (the parent pom pins it). */
    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ReportController.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the report's " + name + " is not on the class path");
        }
        return in;
    }
}

package io.creditwatch.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.DatedCreditGenerator;
import io.creditwatch.model.data.DatedCreditRecord;
import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation report in a browser: a seeded 36-month history of 6,000 decisions with dated
 * outcomes, backfilled with the command line, monitored by the built metrics-exporter jar, and
 * {@code /report} opened in headless Chromium. Every section is there, every chart has drawn its series (pixels of the series' colours
 * on its canvas; the hold-out's curve beside the window's), nothing is requested off 127.0.0.1 and the
 * console has no error; the page and its files weigh under 300 KB, and its first render and the
 * charts' drawing are printed (docs/benchmarks.md has them). The page printed to PDF has a page per
 * major section at least. The screenshot in docs/images is this test's.
 */
class ReportPageTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final List<String> SECTIONS = List.of("model", "data-quality", "discrimination", "calibration",
            "stability", "vintages", "estimated-performance", "reasons", "champion-challenger");
    private static final List<String> CHARTS = List.of("chart-roc", "chart-cap", "chart-calibration", "chart-psi",
            "chart-vintages", "chart-attribution");
    /** Pixels of each chart's canvas within 40 of a series colour (arguments[1]: #1f5fa8 and #c62828) per channel. */
    private static final String SERIES_PIXELS = """
            var colours = arguments[1];
            return arguments[0].map(function (id) {
              var canvas = document.querySelector('#' + id + ' canvas');
              if (!canvas) { return -1; }
              var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              var count = 0;
              for (var i = 0; i < pixels.length; i += 4) {
                if (pixels[i + 3] < 128) { continue; }
                for (var c = 0; c < colours.length; c++) {
                  if (Math.abs(pixels[i] - colours[c][0]) < 40 && Math.abs(pixels[i + 1] - colours[c][1]) < 40
                      && Math.abs(pixels[i + 2] - colours[c][2]) < 40) { count++; break; }
                }
              }
              return count;
            });""";
    private static final String TIMINGS = """
            var paint = performance.getEntriesByType('paint').filter(function (e) {
              return e.name === 'first-contentful-paint'; });
            var navigation = performance.getEntriesByType('navigation')[0];
            var bytes = navigation.decodedBodySize;
            performance.getEntriesByType('resource').forEach(function (e) { bytes += e.decodedBodySize; });
            return { fcp: paint.length ? paint[0].startTime : -1, charts: window.reportChartsDrawnAt,
                     load: navigation.loadEventEnd, bytes: bytes };""";

    @Test
    void theReportDrawsEverySectionOnTheHostAndPrints() throws Exception {
        Path work = Files.createTempDirectory("creditwatch-report");
        ModelBundle bundle = ModelBundle.read(Tools.ROOT.resolve("models/default"));
        List<DatedCreditRecord> history = new DatedCreditGenerator(61, TODAY, 36, bundle.card().seasoning())
                .generate(6_000).stream().filter(row -> row.record().get(Feature.AGE) >= 18).toList();
        String store = OutcomesThroughTimeEndToEndTests.backfill(work, "report", history);
        try (LocalProcess exporter = OutcomesThroughTimeEndToEndTests.exporter(work, "report", store);
                Browser browser = new Browser(1280, 1900)) {
            exporter.start("/health/liveness", Duration.ofSeconds(120));
            LocalProcess.await(Duration.ofSeconds(60), "a cycle with realized quality and vintages", () -> {
                JsonNode report = json(exporter.get("/report?format=json").body());
                return report.path("discrimination").path("available").asBoolean()
                        && report.path("vintages").path("available").asBoolean();
            });
            String origin = "http://127.0.0.1:" + exporter.port;
            browser.driver.get(origin + "/report");
            new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                    .until(driver -> driver.findElement(By.tagName("body")).getAttribute("data-charts-drawn") != null);

            assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("data-charts-drawn"))
                    .isEqualTo(Integer.toString(CHARTS.size()));
            for (String section : SECTIONS) {
                assertThat(browser.driver.findElements(By.id(section))).as("section " + section).hasSize(1);
            }
            @SuppressWarnings("unchecked")
            List<Long> seriesPixels = (List<Long>) browser.driver.executeScript(SERIES_PIXELS, CHARTS,
                    List.of(List.of(31, 95, 168), List.of(198, 40, 40)));
            for (int i = 0; i < CHARTS.size(); i++) {
                assertThat(seriesPixels.get(i)).as("pixels of the series drawn on " + CHARTS.get(i)).isGreaterThan(200);
            }
            @SuppressWarnings("unchecked")
            List<Long> holdoutPixels = (List<Long>) browser.driver.executeScript(SERIES_PIXELS,
                    List.of("chart-roc", "chart-cap"), List.of(List.of(123, 31, 162)));
            assertThat(holdoutPixels).as("pixels of the hold-out's curve (#7b1fa2)").allMatch(count -> count > 200);
            assertThat(browser.driver.findElement(By.id("discrimination")).getText())
                    .doesNotContain("no hold-out curve").contains("against the hold-out's");
            assertThat(browser.driver.findElements(By.cssSelector(".light"))).as("traffic lights")
                    .hasSizeGreaterThan(10);
            @SuppressWarnings("unchecked")
            Map<String, Number> timings = (Map<String, Number>) browser.driver.executeScript(TIMINGS);
            System.out.printf("report page: %.0f bytes (HTML, scripts, styles); first contentful paint %.0f ms, "
                    + "charts drawn %.0f ms, load event %.0f ms after navigation start%n",
                    timings.get("bytes").doubleValue(), timings.get("fcp").doubleValue(),
                    timings.get("charts").doubleValue(), timings.get("load").doubleValue());
            assertThat(timings.get("bytes").doubleValue()).as("page weight").isLessThan(300_000);
            assertThat(timings.get("charts").doubleValue()).as("ms until every chart is drawn").isLessThan(5_000);

            browser.screenshot(Tools.ROOT.resolve("docs/images/report.png"));
            assertThat(browser.requestedUrls()).as("every request stays on the host").isNotEmpty()
                    .allMatch(url -> url.startsWith(origin + "/") || url.startsWith("data:"));
            assertThat(browser.consoleErrors()).isEmpty();

            PrintOptions options = new PrintOptions();
            options.setOrientation(PrintOptions.Orientation.LANDSCAPE);
            options.setBackground(true);
            Pdf pdf = browser.driver.print(options);
            byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
            Files.write(work.resolve("report.pdf"), bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            Matcher pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(text);
            int pageCount = 0;
            while (pages.find()) {
                pageCount++;
            }
            System.out.printf("report PDF: %d bytes, %d pages%n", bytes.length, pageCount);
            assertThat(text).startsWith("%PDF-");
            assertThat(bytes.length).as("PDF bytes").isGreaterThan(50_000);
            assertThat(pageCount).as("a page per section at least (each but the first starts one)")
                    .isGreaterThanOrEqualTo(
                            SECTIONS.size());
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}

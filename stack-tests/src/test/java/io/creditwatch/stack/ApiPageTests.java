package io.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API's page for integrators: docs/openapi.yaml passes a real OpenAPI linter (Spectral, its
 * OpenAPI ruleset), and Swagger UI, served by the built inference-service jar, loads in headless
 * Chromium with nothing requested off 127.0.0.1 and no console error, and its "Try it out" of
 * {@code POST /predict} with the example answers 200. The screenshot in docs/images is this test's.
 */
class ApiPageTests {

    private static final Path LINTER = Tools.ROOT.resolve("tools/openapi-lint");

    @Test
    void committedSpecPassesTheLinter() {
        if ("true".equals(System.getenv("CI")) || !Files.isDirectory(LINTER.resolve("node_modules"))) {
            Tools.Result install = Tools.run(LINTER, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        Tools.Result lint = Tools.run(LINTER, "npx", "--no-install", "spectral", "lint", "--ruleset", ".spectral.yaml",
                "--fail-severity", "hint", Tools.ROOT.resolve("docs/openapi.yaml").toString());

        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    @Test
    void swaggerUiTriesPredictWithTheExampleAndStaysOnTheHost() throws Exception {
        Path work = Files.createTempDirectory("api-page");
        try (LocalProcess inference = ServiceProcess.inference(work.resolve("inference.log"))
                .store("jdbc:sqlite:" + work.resolve("predictions.db")).journal(work.resolve("journal")).build();
                Browser browser = new Browser(1280, 1400)) {
            inference.start("/health", Duration.ofSeconds(120));
            String origin = "http://127.0.0.1:" + inference.port;
            browser.driver.get(origin + "/swagger-ui.html");
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
            WebElement predict = wait
                    .until(ExpectedConditions.elementToBeClickable(By.id("operations-scoring-predict")));
            predict.findElement(By.cssSelector(".opblock-summary")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-scoring-predict .execute")))
                    .click();
            WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#operations-scoring-predict .live-responses-table tbody .response-col_status")));

            assertThat(status.getText().trim()).isEqualTo("200");
            assertThat(browser.driver.findElement(By.cssSelector("#operations-scoring-predict .live-responses-table"))
                    .getText()).contains("\"prediction_id\"", "\"risk_band\"");
            browser.screenshot(Tools.ROOT.resolve("docs/images/swagger-ui.png"));
            assertThat(browser.requestedUrls()).as("every request stays on the host").isNotEmpty()
                    .allMatch(url -> url.startsWith(origin + "/") || url.startsWith("data:"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}

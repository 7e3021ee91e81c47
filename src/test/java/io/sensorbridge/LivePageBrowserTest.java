package io.sensorbridge;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sensorbridge.support.TestApplication;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live page in a real browser (Debian's chromium, driven through chromium-driver by Selenium; both paths given,
 * so Selenium Manager never downloads a driver): it loads with nothing from outside its origin, draws the simulated
 * sensors' readings as they arrive, and shows the latest value of each. A screenshot goes to target/live-page.png.
 */
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePageBrowserTest extends BootedApplication {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final TestApplication APP = TestApplication.use("browser")
            .set("simulator.sensors", "3")
            .set("simulator.period", "200")
            .set("simulator.model", "walk");

    private ChromeDriver browser;

    @Override
    TestApplication app() {
        return APP;
    }

    @BeforeAll
    void openBrowser() {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                        "--no-first-run", "--disable-extensions", "--disable-background-networking");
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void should_draw_each_simulated_sensor_as_readings_arrive_with_nothing_from_outside() throws Exception {
        TestApplication.awaitBridgeSubscribed(context);
        String origin = "http://127.0.0.1:" + APP.httpPort;
        browser.get(origin + "/");

        await().atMost(20, TimeUnit.SECONDS).until(() -> points() > 0 && sensorRows().size() == 3);
        int drawn = points();
        await().atMost(10, TimeUnit.SECONDS).until(() -> points() > drawn);
        await().atMost(10, TimeUnit.SECONDS).until(() -> "MQTT subscribed".equals(text("status")));
        // read in one go: the page redraws the table twice a second, so rows found one call earlier may be gone
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#latest tbody tr[data-sensor]')]"
                + ".map(tr => [tr.dataset.sensor, tr.cells[1].textContent])");
        assertEquals(List.of("sim-1", "sim-2", "sim-3"), rows.stream().map(row -> row.get(0)).toList());
        for (List<String> row : rows) {
            assertTrue(row.get(1).matches("-?\\d+(\\.\\d+)?"), "a temperature in the latest-value table: " + row);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> Long.parseLong(text("written").replace(",", "")) > 0);
        assertEquals(3L, ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('#chart .u-series').length - 1"), "one series per sensor");

        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat(performance.getEntriesByType('navigation').map(e => e.name))");
        assertTrue(requests.size() >= 5, "page, styles, scripts and events: " + requests);
        for (String request : requests) {
            assertTrue(request.startsWith(origin + "/"), "a request outside the page's origin: " + request);
        }

        Path screenshot = Path.of("target/live-page.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
        System.out.println("live page screenshot: " + screenshot.toAbsolutePath());
    }

    private int points() {
        return Integer.parseInt(browser.findElement(By.id("chart")).getDomAttribute("data-points"));
    }

    private List<WebElement> sensorRows() {
        return browser.findElements(By.cssSelector("#latest tbody tr[data-sensor]"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}

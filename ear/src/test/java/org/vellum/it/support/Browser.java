package org.vellum.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver: no driver or browser is downloaded. Without the two
 * binaries the test is skipped, and under {@code CI=true} it fails.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final URI base;
    private final Path downloads;

    /** Skips the test (fails it under {@code CI=true}) when Chromium or its driver is not installed. */
    public static void requireInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String why = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            fail("required under CI=true: " + why);
        }
        Assumptions.abort("skipped: " + why);
    }

    /** A fresh browser (its own profile folder under {@code home}) for the server at {@code base}. */
    public Browser(URI base, Path home) {
        requireInstalled();
        this.base = base;
        try {
            this.downloads = Files.createDirectories(home.resolve("downloads"));
            Path profile = Files.createDirectories(home.resolve("profile"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--window-size=1400,1000",
                    "--user-data-dir=" + profile);
            options.setExperimentalOption(
                    "prefs",
                    Map.of(
                            "download.default_directory", downloads.toString(),
                            "download.prompt_for_download", false,
                            "plugins.always_open_pdf_externally", true));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            this.driver = new ChromeDriver(service, options);
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Path downloads() {
        return downloads;
    }

    /** Opens a path of the server, e.g. {@code /vellum/console/jobs.xhtml}. */
    public void open(String path) {
        driver.get(base.resolve(path).toString());
    }

    /** Signs in through the login form that the console redirects to. */
    public void signIn(String user, String password) {
        open("/vellum/");
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        await(Duration.ofSeconds(30), () -> !driver.findElements(By.id("signed-in"))
                .isEmpty());
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits for a condition, failing with the page's text when it does not hold in time. */
    public void await(Duration timeout, java.util.function.BooleanSupplier condition) {
        try {
            // pages that refresh themselves replace their elements under the reader: read again
            new WebDriverWait(driver, timeout, Duration.ofMillis(250))
                    .ignoring(StaleElementReferenceException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("not within " + timeout + " on " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText());
        }
    }

    /** A PNG of the whole page, as tall as its content (Chromium's own capture beyond the window). */
    public void screenshot(Path file) throws IOException {
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", 1400, "height", Math.min(6000, height), "scale", 1)));
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package io.meterwise.server.http.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system Chromium ({@code chromium} and {@code chromium-driver}, Debian packages; {@code .ci/run} installs them)
 * driven headless through the system chromedriver: no browser or driver is downloaded.
 */
final class Browser {

    static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browser() {
    }

    /** For {@code @EnabledIf}: the browser tests run only where Chromium and its driver are installed. */
    static boolean present() {
        return executable(CHROMIUM).isPresent() && executable(DRIVER).isPresent();
    }

    private static Optional<String> executable(List<String> candidates) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    /** A fresh headless Chromium with its own profile directory (deleted by the caller), in US English. */
    static ChromeDriver start(Path profile, int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable(CHROMIUM).orElseThrow());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-US", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable(DRIVER).orElseThrow())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }
}

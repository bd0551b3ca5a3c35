package io.meterwise.server.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.access.PrincipalStore;
import io.meterwise.core.access.Role;
import io.meterwise.core.access.RoleAssignmentStore;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.InvoiceSettings;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.CostQuery;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.TimeGrain;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.testing.TestDataDirs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real browser (headless Chromium) against a real server holding the demo cloud (one month and a
 * half at 5 %, clock in mid-March 2026) and a subscription of 10,000 resources. One server and one browser for the
 * class; the tests run in order, as a user would. Screenshots of every view go to
 * {@code target/dashboard-screenshots/}, the measured render time of "This month" to {@code render-times.txt} there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "io.meterwise.server.http.dashboard.Browser#present",
        disabledReason = "Chromium or chromedriver is not installed (apt-get install chromium chromium-driver; "
                + ".ci/run installs them): the dashboard browser tests are skipped")
class DashboardBrowserIT {

    static final Instant NOW = Instant.parse("2026-03-15T10:30:00Z");
    static final String OPERATOR_SECRET = "dashboard-test-operator-secret";
    static final UUID LARGE = UUID.fromString("5e1f0000-0000-4000-8000-000000010000");
    static final String LARGE_NAME = "Ten thousand resources";
    static final int LARGE_RESOURCES = 10_000;
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final Path DATA_DIR = TestDataDirs.create("meterwise-dashboard");

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock dashboardClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", DATA_DIR::toString);
        registry.add("meterwise.demo.enabled", () -> "true");
        registry.add("meterwise.demo.months", () -> "1");
        registry.add("meterwise.demo.scale", () -> "0.05");
        registry.add("meterwise.billing.scheduler-enabled", () -> "false");
        registry.add("meterwise.security.operator-secret", () -> OPERATOR_SECRET);
    }

    @Autowired
    Catalog catalog;
    @Autowired
    CatalogStore catalogStore;
    @Autowired
    UsageLedger ledger;
    @Autowired
    InvoiceService invoiceService;
    @Autowired
    InvoiceSettings invoiceSettings;
    @Autowired
    Invoices invoices;
    @Autowired
    CostQueries costQueries;
    @Autowired
    PrincipalStore principals;
    @Autowired
    RoleAssignmentStore assignments;
    @Autowired
    JsonMapper json;
    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final List<String> renderTimes = new ArrayList<>();
    Subscription readerSubscription;
    PrincipalStore.CreatedPrincipal reader;
    Path profile;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void setUp() throws Exception {
        seedLargeSubscription();
        invoiceService.issueDue();
        // the invoiced (not EA: its invoices are not served) demo subscription that spent most this month
        readerSubscription = catalog.subscriptions().stream()
                .filter(s -> !s.subscriptionId().equals(LARGE) && !s.offerDurableId().equals("MS-AZR-0017P"))
                .filter(s -> !invoices.ofSubscription(s.subscriptionId()).isEmpty())
                .max(Comparator.comparing(this::monthToDate)).orElseThrow();
        invoiceSettings.setDownloadOptIn(readerSubscription.subscriptionId(), true);
        HttpResponse<String> rules = http.send(HttpRequest.newBuilder(URI.create(base() + "/subscriptions/"
                + readerSubscription.subscriptionId() + "/providers/Meterwise/chargebackRules/by-env"))
                .header("Authorization", "Bearer " + operatorToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"properties\":{\"effectiveFrom\":\"2026-01\","
                        + "\"tagKey\":\"env\",\"costCentres\":[\"prod\",\"dev\",\"untagged\"],"
                        + "\"untaggedCostCentre\":\"untagged\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(201);
        reader = principals.create("dashboard reader", false);
        assignments.assign(reader.principal().objectId(), Role.READER, readerSubscription.subscriptionId());

        Files.createDirectories(SCREENSHOTS);
        profile = Files.createTempDirectory("meterwise-chromium");
        browser = Browser.start(profile, 1280, 900);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    private BigDecimal monthToDate(Subscription subscription) {
        CostTable table = costQueries.run(new CostQuery(subscription.subscriptionId(), null,
                Instant.parse("2026-03-01T00:00:00Z"), NOW, TimeGrain.NONE, List.of(), List.of(), null));
        return table.rows().isEmpty() ? BigDecimal.ZERO : (BigDecimal) table.rows().get(0).get(0);
    }

    /** 10,000 resources in three meter categories, one record each per day of the month so far. */
    private void seedLargeSubscription() {
        catalogStore.putSubscription(new Subscription(LARGE, LARGE_NAME, SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "perf-tenant"));
        List<Meter> meters = new ArrayList<>();
        for (String category : List.of("Virtual Machines", "Storage", "Bandwidth")) {
            catalog.meters().stream().filter(m -> m.category().equals(category))
                    .min(Comparator.comparing(m -> m.meterId().toString())).ifPresent(meters::add);
        }
        Instant monthStart = Instant.parse("2026-03-01T00:00:00Z");
        List<UsageRecord> batch = new ArrayList<>();
        for (int day = 0; day < 14; day++) {
            Instant start = monthStart.plus(Duration.ofDays(day));
            for (int r = 0; r < LARGE_RESOURCES; r++) {
                Meter meter = meters.get(r % meters.size());
                String resource = "/subscriptions/" + LARGE + "/resourceGroups/rg-" + (r % 40)
                        + "/providers/Microsoft.Compute/virtualMachines/vm-" + r;
                batch.add(new UsageRecord("large-" + day + "-" + r, LARGE, meter.meterId(), BigDecimal.ONE, start,
                        start.plus(Duration.ofHours(1)), resource, "westeurope", Map.of("env", r % 3 == 0 ? "prod" : "dev"),
                        Map.of(), NOW));
            }
            IngestionResult result = ledger.append(batch);
            assertThat(result.errors()).isEmpty();
            batch.clear();
        }
    }

    @AfterAll
    void tearDown() throws IOException {
        Files.write(SCREENSHOTS.resolve("render-times.txt"), renderTimes);
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aReaderSignsInAndPicksFromTheSubscriptionsTheyMaySeeOnly() throws IOException {
        browser.get(base() + "/dashboard/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-id")));
        screenshot("sign-in");
        signIn(reader.principal().clientId(), reader.clientSecret());

        Select picker = new Select(browser.findElement(By.id("subscription")));
        assertThat(picker.getOptions()).extracting(WebElement::getText).containsExactly(readerSubscription.displayName());
        assertThat(browser.findElements(By.cssSelector("#nav li.operator"))).isEmpty();
        assertThat(sessionStorage("meterwise.token")).isNotBlank();
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    @Order(2)
    void theMonthTotalIsTheCostManagementQueryTotal() throws Exception {
        open("month");
        WebElement total = browser.findElement(By.id("month-total"));
        JsonNode query = post("/subscriptions/" + readerSubscription.subscriptionId()
                + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01", readerToken(),
                "{\"type\":\"ActualCost\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"granularity\":\"None\"}}");
        JsonNode row = query.path("properties").path("rows").get(0);
        BigDecimal expected = row.get(0).decimalValue();
        assertThat(expected).isPositive();
        assertThat(new BigDecimal(total.getDomAttribute("data-amount"))).isEqualByComparingTo(expected);
        // the browser runs in en-US: the same amount, formatted as a US reader of that currency expects
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(Currency.getInstance(row.get(1).asString()));
        // (the JDK and the browser's ICU may differ in the space between code and number, e.g. "SEK 218.21")
        assertThat(total.getText().replaceAll("[\\s\\u00a0\\u202f]", ""))
                .isEqualTo(format.format(expected).replaceAll("[\\s\\u00a0\\u202f]", ""));
        wait.until(d -> !d.findElements(By.cssSelector("#daily-chart canvas")).isEmpty());
        // the forecast to the month's end, from the Cost Management forecast API
        wait.until(d -> !d.findElements(By.cssSelector("#outlook-chart canvas, #outlook .error")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#outlook .error"))).as(browser.findElement(By.id("outlook"))
                .getText()).isEmpty();
        assertThat(browser.findElement(By.id("forecast-total")).getText()).isNotEqualTo("–");
        screenshot("this-month");

        Select day = new Select(browser.findElement(By.id("hour-day")));
        day.selectByIndex(1);
        browser.findElement(By.id("show-hours")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#hourly-chart canvas")).isEmpty());
        browser.findElement(By.id("hourly-chart")).getLocation();
        screenshot("this-month-hourly");
    }

    @Test
    @Order(3)
    void aBreakdownAmountOpensItsResourcesAndTheirUsageRecords() throws IOException {
        open("breakdown");
        List<WebElement> names = browser.findElements(By.cssSelector("#breakdown-table tbody button"));
        assertThat(names).isNotEmpty();
        screenshot("breakdown");
        names.get(0).click();
        wait.until(d -> !d.findElements(By.cssSelector("#resources-table tbody button")).isEmpty());
        browser.findElement(By.cssSelector("#resources-table tbody button")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#records-table tbody tr")).isEmpty());
        screenshot("breakdown-records");
    }

    @Test
    @Order(4)
    void anInvoicePdfOpensFromItsSignedLink() throws Exception {
        open("invoices");
        WebElement pdf = browser.findElement(By.cssSelector("#invoice-table a.pdf"));
        screenshot("invoices");
        String href = pdf.getDomProperty("href");
        assertThat(href).startsWith(base() + "/downloads/invoices/" + readerSubscription.subscriptionId());
        String mainWindow = browser.getWindowHandle();
        pdf.click();
        wait.until(d -> d.getWindowHandles().size() == 2);
        for (String handle : browser.getWindowHandles()) {
            if (!handle.equals(mainWindow)) {
                browser.switchTo().window(handle);
                wait.until(d -> d.getCurrentUrl().startsWith(base() + "/downloads/invoices/"));
                browser.close();
            }
        }
        browser.switchTo().window(mainWindow);
        HttpResponse<byte[]> document = http.send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(document.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    @Order(5)
    void noViewShowsTheReaderAnotherSubscriptionsName() throws IOException {
        Set<String> others = catalog.subscriptions().stream().map(Subscription::displayName)
                .filter(name -> !name.equals(readerSubscription.displayName())).collect(Collectors.toSet());
        assertThat(others).contains(LARGE_NAME).hasSizeGreaterThan(10);
        Set<String> otherIds = catalog.subscriptions().stream().map(s -> s.subscriptionId().toString())
                .filter(id -> !id.equals(readerSubscription.subscriptionId().toString())).collect(Collectors.toSet());
        for (String view : List.of("month", "breakdown", "rates", "invoices", "whatif", "chargeback", "access",
                "operator/subscriptions", "operator/principals")) {
            open(view);
            if (!view.startsWith("operator")) {
                screenshot(view);
            }
            String page = browser.getPageSource();
            assertThat(others).as(view).noneMatch(page::contains);
            assertThat(otherIds).as(view).noneMatch(page::contains);
        }
        // operator routes fall back to a view of the reader's own subscription
        assertThat(browser.findElement(By.cssSelector(".view")).getDomAttribute("data-view")).isEqualTo("month");
    }

    @Test
    @Order(6)
    void signingOutForgetsTheToken() throws IOException {
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-id")));
        assertThat(sessionStorage("meterwise.token")).isNull();
        assertThat(browser.findElement(By.id("main")).getText()).contains("You are signed out.");
    }

    @Test
    @Order(7)
    void theOperatorSeesOperatorPagesAndTheLargeSubscriptionRendersItsMonth() throws Exception {
        signIn("meterwise-operator", OPERATOR_SECRET);
        assertThat(browser.findElements(By.cssSelector("#nav li.operator"))).hasSize(3);
        for (String view : List.of("operator/subscriptions", "operator/principals", "operator/issuing")) {
            open(view);
            screenshot(view.replace('/', '-'));
        }
        pick(LARGE_NAME);
        for (int run = 1; run <= 2; run++) {
            open("month"); // the second time: a reload of the page
            WebElement view = browser.findElement(By.cssSelector(".view"));
            renderTimes.add("This month, " + LARGE_RESOURCES + " resources x 14 days (" + (LARGE_RESOURCES * 14)
                    + " records), run " + run + ": " + view.getDomAttribute("data-render-ms") + " ms, of which "
                    + view.getDomAttribute("data-data-ms") + " ms until the query answered");
        }
        long started = System.nanoTime();
        post("/subscriptions/" + LARGE + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01",
                operatorToken(), "{\"type\":\"ActualCost\",\"timeframe\":\"MonthToDate\",\"dataset\":"
                        + "{\"granularity\":\"Daily\",\"grouping\":[{\"type\":\"Dimension\",\"name\":"
                        + "\"MeterCategory\"}]}}");
        renderTimes.add("The same Cost Management Query over HTTP without a browser: "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        screenshot("this-month-10000-resources");
        pick(readerSubscription.displayName());
        open("month");
        renderTimes.add("This month, " + readerSubscription.displayName() + " (demo, 5 %): "
                + browser.findElement(By.cssSelector(".view")).getDomAttribute("data-render-ms") + " ms");
        System.out.println(String.join(System.lineSeparator(), renderTimes));
    }

    @Test
    @Order(8)
    void everyViewFitsAPhoneScreen() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String view : List.of("month", "breakdown", "invoices", "rates")) {
            open(view);
            Long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as(view + " scrolls sideways").isLessThanOrEqualTo(0L);
            screenshot("phone-" + view);
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(9)
    void theContentSecurityPolicyWasNeverViolated() {
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy") || m.contains("Refused"))
                .toList();
        assertThat(violations).isEmpty();
    }

    private void signIn(String clientId, String secret) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-id")));
        browser.findElement(By.id("client-id")).clear();
        browser.findElement(By.id("client-id")).sendKeys(clientId);
        browser.findElement(By.id("client-secret")).sendKeys(secret);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".view[data-state]")));
    }

    private void pick(String subscription) {
        new Select(browser.findElement(By.id("subscription"))).selectByVisibleText(subscription);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".view[data-state]")));
    }

    /** Opens a view and waits until it has loaded; fails on an error box. */
    private void open(String view) {
        JavascriptExecutor js = browser;
        js.executeScript("document.querySelectorAll('.view').forEach(v => v.removeAttribute('data-state'))");
        if (("#/" + view).equals(js.executeScript("return location.hash"))) {
            browser.navigate().refresh();
        } else {
            js.executeScript("location.hash = '#/' + arguments[0]", view);
        }
        wait.until(d -> {
            List<WebElement> views = d.findElements(By.cssSelector(".view[data-state]"));
            return !views.isEmpty() && (views.get(0).getDomAttribute("data-view").equals(view)
                    || view.startsWith("operator"));
        });
        assertThat(browser.findElements(By.cssSelector(".view[data-state=failed]"))).as(view + ": "
                + browser.findElement(By.id("main")).getText()).isEmpty();
    }

    private String sessionStorage(String key) {
        return (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem(arguments[0])", key);
    }

    private void screenshot(String name) throws IOException {
        Long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight");
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 120, 4000)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(size);
    }

    private String readerToken() throws Exception {
        return token(reader.principal().clientId(), reader.clientSecret());
    }

    private String operatorToken() throws Exception {
        return token(PrincipalStore.OPERATOR_CLIENT_ID, OPERATOR_SECRET);
    }

    private String token(String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).get("access_token").asString();
    }

    private JsonNode post(String path, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}

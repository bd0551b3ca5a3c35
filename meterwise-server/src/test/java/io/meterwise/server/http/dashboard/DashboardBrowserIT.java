package io.meterwise.server.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.Objects;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
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
import io.meterwise.server.notify.WebhookReceiver;
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
    static final String BUDGET = "dash-monthly";
    static final String WEBHOOK = "dash-hook";
    static final List<String> ALL_VIEWS = List.of("month", "breakdown", "rates", "invoices", "budgets", "whatif",
            "chargeback", "access", "operator/subscriptions", "operator/principals", "operator/issuing",
            "operator/deliveries", "operator/ingestion");

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
    PrincipalStore.CreatedPrincipal contributor;
    WebhookReceiver webhookReceiver;
    BigDecimal budgetAmount;
    String firedAlertId;
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
        contributor = principals.create("dashboard contributor", false);
        assignments.assign(contributor.principal().objectId(), Role.CONTRIBUTOR, readerSubscription.subscriptionId());
        startWebhookReceiver();

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
        if (webhookReceiver != null) {
            webhookReceiver.close();
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
        for (String view : List.of("month", "breakdown", "rates", "invoices", "budgets", "whatif", "chargeback", "access",
                "operator/subscriptions", "operator/principals", "operator/deliveries", "operator/ingestion")) {
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
        assertThat(browser.findElements(By.cssSelector("#nav li.operator"))).hasSize(5);
        for (String view : List.of("operator/subscriptions", "operator/principals", "operator/issuing",
                "operator/deliveries", "operator/ingestion")) {
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
        String token = operatorToken(); // outside the timing: the client secret's hash is slow by design
        long started = System.nanoTime();
        post("/subscriptions/" + LARGE + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01",
                token, "{\"type\":\"ActualCost\",\"timeframe\":\"MonthToDate\",\"dataset\":"
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
        for (String view : ALL_VIEWS) {
            open(view);
            Long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as(view + " scrolls sideways").isLessThanOrEqualTo(0L);
            screenshot("phone-" + view.replace('/', '-'));
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(10)
    void aContributorCreatingABudgetWithANegativeAmountSeesTheApisMessageAndNothingIsStored() throws Exception {
        signOutAndIn(contributor.principal().clientId(), contributor.clientSecret());
        open("budgets");
        assertThat(browser.findElement(By.id("budgets-title")).findElement(By.xpath("..")).getText())
                .contains("No budget yet");
        fillBudget("-5");
        browser.findElement(By.id("budget-save")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#budget-form-status .error")));

        // the same budget sent by a client of the API: the dashboard shows what the API says, as it says it
        HttpResponse<String> direct = send("PUT", budgetPath(), contributorToken(), budgetBody("-5"));
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(400);
        JsonNode apiError = json.readTree(direct.body()).path("error");
        assertThat(apiError.path("target").asString()).isEqualTo("properties.amount");
        assertThat(error.getText()).isEqualTo(apiError.path("code").asString() + ": "
                + apiError.path("message").asString());
        assertThat(browser.findElement(By.id("budget-form-status")).getText())
                .contains("Field: properties.amount");
        screenshot("budgets-validation-error");
        HttpResponse<String> stored = send("GET", budgetsPath(), contributorToken(), null);
        assertThat(json.readTree(stored.body()).path("value").isEmpty()).as(stored.body()).isTrue();
    }

    @Test
    @Order(11)
    void aValidBudgetShowsItsSpendToDateWhichIsTheQueryTotalAndItsForecast() throws Exception {
        budgetAmount = monthToDateOverHttp().setScale(0, RoundingMode.CEILING).add(BigDecimal.ONE);
        fillBudget(budgetAmount.toPlainString());
        browser.findElement(By.id("budget-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("budget-form-status"),
                "Saved budget " + BUDGET + "."));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//table[@id='budgets-table']/tbody/tr[th[normalize-space()='" + BUDGET + "']]")));

        JsonNode budget = json.readTree(send("GET", budgetPath(), contributorToken(), null).body()).path("properties");
        BigDecimal spent = budget.path("currentSpend").path("amount").decimalValue();
        BigDecimal forecast = budget.path("forecastSpend").path("amount").decimalValue();
        assertThat(spent).isPositive().isEqualByComparingTo(monthToDateOverHttp());
        assertThat(new BigDecimal(row.findElement(By.cssSelector(".spent")).getDomAttribute("data-amount")))
                .isEqualByComparingTo(spent);
        assertThat(new BigDecimal(row.findElement(By.cssSelector(".forecast")).getDomAttribute("data-amount")))
                .isEqualByComparingTo(forecast).isGreaterThanOrEqualTo(spent);
        assertThat(row.getText()).contains("100 % actual");
        assertThat(browser.findElement(By.id("alerts-title")).findElement(By.xpath("..")).getText())
                .contains("No alert has fired.");
        screenshot("budgets");
    }

    @Test
    @Order(12)
    void anAlertFiresInTheViewOnceIngestedUsageCrossesTheBudget() throws Exception {
        JsonNode priciest = null;
        for (JsonNode detail : json.readTree(send("GET", "/subscriptions/" + readerSubscription.subscriptionId()
                + "/providers/Microsoft.Consumption/usageDetails?api-version=2021-10-01", contributorToken(), null)
                .body()).path("value")) {
            JsonNode p = detail.path("properties");
            if (p.path("meterId").isString() && p.path("effectivePrice").decimalValue().signum() > 0
                    && (priciest == null || p.path("effectivePrice").decimalValue()
                            .compareTo(priciest.path("effectivePrice").decimalValue()) > 0)) {
                priciest = p;
            }
        }
        assertThat(priciest).as("a priced usage record of the subscription").isNotNull();
        BigDecimal missing = budgetAmount.subtract(monthToDateOverHttp());
        BigDecimal quantity = missing.multiply(BigDecimal.TEN)
                .divide(priciest.path("effectivePrice").decimalValue(), 0, RoundingMode.CEILING).add(BigDecimal.ONE);
        String record = "{\"recordId\":\"dashboard-budget-crossing\",\"subscriptionId\":\""
                + readerSubscription.subscriptionId() + "\",\"meterId\":\"" + priciest.path("meterId").asString()
                + "\",\"quantity\":" + quantity.toPlainString() + ",\"usageStartTime\":\"2026-03-15T09:00:00Z\","
                + "\"usageEndTime\":\"2026-03-15T10:00:00Z\",\"resourceUri\":\"/subscriptions/"
                + readerSubscription.subscriptionId() + "/resourceGroups/rg-burst/providers/Microsoft.Compute/"
                + "virtualMachines/burst\",\"location\":\"" + priciest.path("resourceLocation").asString() + "\"}";
        HttpResponse<String> ingested = http.send(HttpRequest.newBuilder(URI.create(base()
                + "/providers/Meterwise/usage")).header("Authorization", "Bearer " + operatorToken())
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(record))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
        assertThat(json.readTree(ingested.body()).path("accepted").asInt()).isEqualTo(1);
        assertThat(monthToDateOverHttp()).as("spend after the batch").isGreaterThan(budgetAmount);

        open("budgets");
        WebElement alert = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//table[@id='alerts-table']/tbody/tr[td[normalize-space()='" + BUDGET + "']]")));
        JsonNode alerts = json.readTree(send("GET", "/subscriptions/" + readerSubscription.subscriptionId()
                + "/providers/Microsoft.CostManagement/alerts?api-version=2023-03-01", contributorToken(), null)
                .body()).path("value");
        assertThat(alerts).hasSize(1);
        JsonNode fired = alerts.get(0).path("properties");
        assertThat(fired.path("costEntityId").asString()).isEqualTo(BUDGET);
        assertThat(alert.getText()).contains(fired.path("description").asString(), fired.path("status").asString());
        firedAlertId = alerts.get(0).path("name").asString();
        // a Contributor has no delivery log: it answers the operator only
        assertThat(alert.findElements(By.tagName("button"))).isEmpty();
        screenshot("budgets-alert-fired");
    }

    @Test
    @Order(13)
    void theOperatorSeesTheAlertsWebhookDeliveryInTheLog() throws Exception {
        List<WebhookReceiver.Received> received = webhookReceiver.await(r -> !r.isEmpty(), Duration.ofSeconds(60));
        assertThat(received).as("the alert reached the webhook endpoint").hasSize(1);
        assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8))
                .contains("\"BudgetName\":\"" + BUDGET + "\"");
        signOutAndIn("meterwise-operator", OPERATOR_SECRET);
        open("operator/deliveries");
        // the endpoint answered: the attempt is recorded right after; show the log again until it says so
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#deliveries .deliveries-table tbody tr"));
            if (!rows.isEmpty() && rows.get(0).getText().contains("Delivered")) {
                return true;
            }
            d.findElement(By.id("show-webhook-deliveries")).click();
            return false;
        });
        JsonNode log = json.readTree(send("GET", "/providers/Meterwise/deliveries?webhook=" + WEBHOOK,
                operatorToken(), null).body()).path("value");
        assertThat(log).hasSize(1);
        JsonNode delivery = log.get(0);
        assertThat(delivery.path("alertId").asString()).isEqualTo(firedAlertId);
        WebElement row = browser.findElement(By.cssSelector("#deliveries .deliveries-table tbody tr"));
        assertThat(row.getText()).contains(delivery.path("alertId").asString(), WEBHOOK, "Delivered",
                String.valueOf(delivery.path("lastStatus").asInt()));
        assertThat(delivery.path("lastStatus").asInt()).isEqualTo(200);
        browser.findElement(By.cssSelector("#deliveries details.attempts summary")).click();
        assertThat(browser.findElement(By.cssSelector("#deliveries details.attempts tbody")).getText())
                .contains("Delivered", "200");
        screenshot("operator-deliveries");

        // the same log from the alert, in the budgets view of the subscription
        pick(readerSubscription.displayName());
        open("budgets");
        browser.findElement(By.xpath("//table[@id='alerts-table']/tbody/tr[td[normalize-space()='" + BUDGET
                + "']]//button")).click();
        WebElement ofAlert = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-deliveries .deliveries-table tbody tr")));
        assertThat(ofAlert.getText()).contains(WEBHOOK, "Delivered");
        screenshot("budgets-alert-deliveries");
    }

    @Test
    @Order(9)
    void theInvoiceUsageCsvDownloadsAsTheBillingApiServesIt() throws Exception {
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                downloads.toAbsolutePath().toString()));
        open("invoices");
        WebElement button = browser.findElement(By.cssSelector("#invoice-table button.link"));
        String invoice = button.getDomAttribute("aria-label").replace("Usage CSV of invoice ", "");
        button.click();
        Path file = downloads.resolve(invoice + "-usage.csv");
        wait.until(d -> Files.exists(file) && !Files.exists(downloads.resolve(invoice + "-usage.csv.crdownload")));

        HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(URI.create(base() + "/subscriptions/"
                + readerSubscription.subscriptionId() + "/providers/Microsoft.Billing/invoices/" + invoice
                + "/usageDetails.csv?api-version=2017-04-24-preview")).header("Authorization", "Bearer " + operatorToken())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(direct.statusCode()).isEqualTo(200);
        byte[] saved = Files.readAllBytes(file);
        assertThat(new String(saved, StandardCharsets.UTF_8).lines().count()).as("header and usage lines")
                .isGreaterThan(1);
        assertThat(saved).isEqualTo(direct.body());
        assertThat(browser.findElement(By.id("invoice-status")).getText()).isEmpty();
    }

    @Test
    @Order(14)
    void theOperatorSeesIngestedBatchesWithTheirCountsAndRejectionReasons() throws Exception {
        String line = "{\"recordId\":\"dashboard-ingestion-%s\",\"subscriptionId\":\""
                + readerSubscription.subscriptionId() + "\",\"meterId\":\"%s\",\"quantity\":%s,"
                + "\"usageStartTime\":\"2026-03-15T08:00:00Z\",\"usageEndTime\":\"2026-03-15T09:00:00Z\","
                + "\"resourceUri\":\"/subscriptions/" + readerSubscription.subscriptionId()
                + "/resourceGroups/rg-ingest/providers/Microsoft.Compute/virtualMachines/vm\",\"location\":\"eastus\"}";
        String meter = catalog.meters().stream().filter(m -> m.category().equals("Virtual Machines"))
                .map(m -> m.meterId().toString()).sorted().findFirst().orElseThrow();
        HttpResponse<String> stored = ingest(String.format(line, "1", meter, "1") + "\n"
                + String.format(line, "2", meter, "2") + "\n" + String.format(line, "1", meter, "1"));
        HttpResponse<String> rejected = ingest(String.format(line, "3", meter, "1") + "\n"
                + String.format(line, "4", meter, "-2"));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        String storedId = stored.headers().firstValue("x-meterwise-batch-id").orElseThrow();
        String rejectedId = rejected.headers().firstValue("x-meterwise-batch-id").orElseThrow();
        // more batches than the page's 25: each a record sent again, a duplicate
        for (int i = 0; i < 25; i++) {
            assertThat(ingest(String.format(line, "1", meter, "1")).statusCode()).isEqualTo(200);
        }
        int logged = json.readTree(send("GET", "/providers/Meterwise/usageBatches?$top=1000", operatorToken(), null)
                .body()).path("value").size();
        assertThat(logged).isGreaterThan(25 + 2);

        open("operator/ingestion");
        assertThat(browser.findElements(By.cssSelector("#ingestion-table tbody tr"))).hasSize(25);
        browser.findElement(By.id("older-batches")).click();
        wait.until(d -> d.findElements(By.cssSelector("#ingestion-table tbody tr")).size() == logged);
        assertThat(browser.findElement(By.id("older-batches")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("ingestion-summary")).getText()).contains(String.valueOf(logged));
        WebElement storedRow = batchRow(storedId);
        WebElement rejectedRow = batchRow(rejectedId);
        assertThat(cells(storedRow)).containsSubsequence("Stored", readerSubscription.displayName(), "3", "2", "1",
                "0");
        assertThat(cells(rejectedRow)).containsSubsequence("Rejected", readerSubscription.displayName(), "2", "0",
                "0", "2");
        WebElement reasons = browser.findElement(By.cssSelector("details.batch-errors[data-batch='" + rejectedId
                + "']"));
        reasons.findElement(By.tagName("summary")).click();
        String reason = null;
        for (JsonNode batch : json.readTree(send("GET", "/providers/Meterwise/usageBatches?$top=1000",
                operatorToken(), null).body()).path("value")) {
            if (batch.path("batchId").asString().equals(rejectedId)) {
                reason = batch.path("errors").get(0).path("reason").asString();
            }
        }
        assertThat(reason).isNotBlank();
        assertThat(reasons.getText()).contains("quantity", reason);
        // the batch that crossed the budget (an earlier test) is listed too
        assertThat(browser.findElement(By.id("ingestion-table")).getText()).contains("Stored");
        screenshot("operator-ingestion");
    }

    @Test
    @Order(15)
    void theKeyboardReachesEveryControlInOrderWithAVisibleFocusAndEnterActivates() throws IOException {
        for (String view : List.of("month", "invoices", "budgets", "operator/ingestion")) {
            freshPage(view);
            List<Map<String, Object>> controls = script("focusables.js");
            List<String> reached = new ArrayList<>();
            int matched = 0;
            for (int step = 0; step < controls.size() + 40 && matched < controls.size(); step++) {
                new Actions(browser).sendKeys(Keys.TAB).perform();
                Map<String, Object> focused = script("focused.js");
                if (focused == null) {
                    continue;
                }
                reached.add(String.valueOf(focused.get("label")));
                if (Objects.equals(focused.get("key"), controls.get(matched).get("key"))) {
                    assertThat(focused.get("focusVisible")).as(view + ": focus on " + focused.get("label")
                            + " is not :focus-visible").isEqualTo(true);
                    assertThat(focused.get("drawn")).as(view + ": focus on " + focused.get("label")
                            + " is not drawn (" + focused.get("outline") + ")").isEqualTo(true);
                    matched++;
                }
                if (matched == 8 && "month".equals(view)) {
                    screenshot("keyboard-focus");
                }
            }
            assertThat(matched).as(view + ": Tab reached, in order: " + reached + "; expected: "
                    + controls.stream().map(c -> c.get("label")).toList()).isEqualTo(controls.size());
            assertThat(controls).as(view).hasSizeGreaterThan(15);
        }

        // the first Tab of a page reaches "Skip to content", whose Enter moves the focus to the view
        freshPage("month");
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(activeElement("id")).isEqualTo("skip");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        assertThat(activeElement("id")).isEqualTo("main");
        // Enter on a button of the view: one day of the month by the hour
        tabTo("show-hours", "id");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> !d.findElements(By.cssSelector("#hourly-chart canvas")).isEmpty());
        // Enter on a link of the navigation opens its view
        freshPage("month");
        tabTo("breakdown", "view");
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('.view').forEach(v => v.removeAttribute('data-state'))");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> !d.findElements(By.cssSelector(".view[data-view=breakdown][data-state=ready]")).isEmpty());
        assertThat(browser.getCurrentUrl()).endsWith("#/breakdown");
    }

    /** The view in a newly loaded page, so that the keyboard starts at the top of the document. */
    private void freshPage(String view) {
        open(view);
        open(view); // the same view again: a reload
    }

    /** Presses Tab until the focused element's id (or data-view) is {@code value}. */
    private void tabTo(String value, String attribute) {
        for (int step = 0; step < 200 && !value.equals(activeElement(attribute)); step++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertThat(activeElement(attribute)).as("reached by Tab").isEqualTo(value);
    }

    private Object activeElement(String attribute) {
        return ((JavascriptExecutor) browser).executeScript("const e = document.activeElement; "
                + "return e ? (arguments[0] === 'id' ? e.id : e.dataset[arguments[0]] || null) : null", attribute);
    }

    @Test
    @Order(16)
    void everyTextOfEveryViewHasAContrastOfAtLeast4point5To1() throws IOException {
        for (String view : ALL_VIEWS) {
            open(view);
            Map<String, Object> result = script("contrast.js");
            assertThat(((Number) result.get("checked")).intValue()).as(view + ": texts checked").isGreaterThan(10);
            assertThat((List<?>) result.get("failures")).as(view).isEmpty();
        }
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-id")));
        Map<String, Object> signIn = script("contrast.js");
        assertThat((List<?>) signIn.get("failures")).as("sign-in").isEmpty();
        signIn("meterwise-operator", OPERATOR_SECRET);
    }

    @Test
    @Order(17)
    void theBreakdownsTopFiveAndTheRestAddUpToTheQueryAndOpenUsageRecords() throws Exception {
        pick(LARGE_NAME); // 40 resource groups
        open("breakdown");
        new Select(browser.findElement(By.id("breakdown-by"))).selectByValue("ResourceGroup");
        new Select(browser.findElement(By.id("breakdown-top"))).selectByValue("5");
        browser.findElement(By.cssSelector("#breakdown-form button[type=submit]")).click();
        wait.until(d -> d.findElement(By.cssSelector("#breakdown-table caption")).getText()
                .startsWith("Resource group, top 5"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#breakdown-table tbody tr"));
        List<BigDecimal> amounts = rows.stream().map(r -> new BigDecimal(r.findElement(By.cssSelector(".amount"))
                .getDomAttribute("data-amount"))).toList();

        // the same query over HTTP: every resource group's cost, most expensive first, and the total
        String query = "/subscriptions/" + LARGE + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01";
        JsonNode byGroup = post(query, operatorToken(), "{\"type\":\"ActualCost\",\"timeframe\":\"MonthToDate\","
                + "\"dataset\":{\"granularity\":\"None\",\"grouping\":[{\"type\":\"Dimension\","
                + "\"name\":\"ResourceGroup\"}]}}");
        assertThat(byGroup.path("properties").path("nextLink").isMissingNode()
                || byGroup.path("properties").path("nextLink").isNull()).isTrue();
        List<BigDecimal> costs = new ArrayList<>();
        byGroup.path("properties").path("rows").forEach(r -> costs.add(r.get(0).decimalValue()));
        costs.removeIf(c -> c.signum() == 0);
        costs.sort(Comparator.reverseOrder());
        assertThat(costs).as("resource groups with a cost this month").hasSize(40);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(5).getText()).startsWith("Rest (35 more)");
        for (int i = 0; i < 5; i++) {
            assertThat(amounts.get(i)).as("top " + (i + 1)).isEqualByComparingTo(costs.get(i));
        }
        BigDecimal rest = costs.subList(5, costs.size()).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(amounts.get(5)).as("the rest, summed").isEqualByComparingTo(rest);
        BigDecimal total = new BigDecimal(browser.findElement(By.id("breakdown-total")).getDomAttribute("data-amount"));
        BigDecimal queryTotal = post(query, operatorToken(), "{\"type\":\"ActualCost\",\"timeframe\":"
                + "\"MonthToDate\",\"dataset\":{\"granularity\":\"None\"}}").path("properties").path("rows").get(0)
                .get(0).decimalValue();
        assertThat(amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(total)
                .isEqualByComparingTo(queryTotal);
        screenshot("breakdown-top-5");

        // an amount opens the resources behind it, a resource its usage records
        rows.get(0).findElement(By.tagName("button")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#resources-table tbody button")).isEmpty());
        browser.findElement(By.cssSelector("#resources-table tbody button")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#records-table tbody tr")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#drill .error"))).isEmpty();
        pick(readerSubscription.displayName());
    }

    @Test
    @Order(18)
    void theRateCardShowsAMetersPriceHistoryEndingInTheFirstTiersCurrentPrice() throws IOException {
        open("rates");
        wait.until(d -> !d.findElements(By.cssSelector("#history-table, #price-history .note, #price-history .error"))
                .isEmpty());
        assertThat(browser.findElements(By.cssSelector("#price-history .error, #price-history .note"))).isEmpty();
        List<WebElement> versions = browser.findElements(By.cssSelector("#history-table tbody tr"));
        assertThat(versions).isNotEmpty();
        String firstTierNow = browser.findElement(By.cssSelector("#tier-table tbody tr td")).getText();
        assertThat(versions.get(versions.size() - 1).findElement(By.tagName("td")).getText())
                .as("the latest version's price is the price in force").isEqualTo(firstTierNow);
        for (WebElement version : versions) {
            assertThat(version.findElement(By.tagName("th")).getText()).endsWith("UTC");
        }
        screenshot("rates-price-history");
    }

    /** Runs one of the scripts in src/test/resources/dashboard/ in the page (the app's CSP forbids inline script). */
    @SuppressWarnings("unchecked")
    private <T> T script(String name) {
        try (var in = DashboardBrowserIT.class.getResourceAsStream("/dashboard/" + name)) {
            return (T) ((JavascriptExecutor) browser).executeScript(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebElement batchRow(String batchId) {
        return browser.findElement(By.xpath("//table[@id='ingestion-table']/tbody/tr[td[normalize-space()='"
                + batchId + "']]"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.xpath("./th|./td")).stream().map(WebElement::getText).toList();
    }

    private HttpResponse<String> ingest(String ndjson) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/providers/Meterwise/usage"))
                .header("Authorization", "Bearer " + operatorToken()).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void fillBudget(String amount) {
        WebElement name = browser.findElement(By.id("budget-name"));
        name.clear();
        name.sendKeys(BUDGET);
        WebElement amountInput = browser.findElement(By.id("budget-amount"));
        amountInput.clear();
        amountInput.sendKeys(amount);
        // the browser's own date is not the server's (fixed) clock: the month of the server's today
        ((JavascriptExecutor) browser).executeScript("document.getElementById('budget-start').value = '2026-03-01'");
        WebElement threshold = browser.findElement(By.id("budget-threshold"));
        threshold.clear();
        threshold.sendKeys("100");
        WebElement group = browser.findElement(By.id("budget-group"));
        group.clear();
        group.sendKeys(WEBHOOK);
    }

    /** What the form sends, written independently. */
    private String budgetBody(String amount) {
        return "{\"properties\":{\"category\":\"Cost\",\"amount\":" + amount + ",\"timeGrain\":\"Monthly\","
                + "\"timePeriod\":{\"startDate\":\"2026-03-01T00:00:00Z\"},\"notifications\":{\"alert\":{"
                + "\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":100,\"thresholdType\":\"Actual\","
                + "\"contactEmails\":[],\"contactGroups\":[\"" + WEBHOOK + "\"]}}}}";
    }

    private String budgetsPath() {
        return "/subscriptions/" + readerSubscription.subscriptionId()
                + "/providers/Microsoft.Consumption/budgets?api-version=2021-10-01";
    }

    private String budgetPath() {
        return "/subscriptions/" + readerSubscription.subscriptionId() + "/providers/Microsoft.Consumption/budgets/"
                + BUDGET + "?api-version=2021-10-01";
    }

    private BigDecimal monthToDateOverHttp() throws Exception {
        JsonNode query = post("/subscriptions/" + readerSubscription.subscriptionId()
                + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01", contributorToken(),
                "{\"type\":\"ActualCost\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"granularity\":\"None\"}}");
        return query.path("properties").path("rows").get(0).get(0).decimalValue();
    }

    private void signOutAndIn(String clientId, String secret) {
        browser.findElement(By.id("sign-out")).click();
        signIn(clientId, secret);
    }

    /** The webhook endpoint the budget's alert goes to, outside the server. */
    private void startWebhookReceiver() throws Exception {
        webhookReceiver = WebhookReceiver.start();
        HttpResponse<String> hook = send("PUT", "/providers/Meterwise/webhooks/" + WEBHOOK, operatorToken(),
                "{\"url\":\"" + webhookReceiver.url("/hook") + "\"}");
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String contributorToken() throws Exception {
        return token(contributor.principal().clientId(), contributor.clientSecret());
    }

    @Test
    @Order(99)
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

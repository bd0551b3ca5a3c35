package io.meterwise.server.chargeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.server.focus.FocusValidatorAccess;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Chargeback and FOCUS rows over a real server. Chargeback over HTTP: rule validation, a report that reconciles with the invoice and with an independent computation
 * from the usage, drill-down, a rule change that leaves the issued period alone, and signed showback statements.
 * FOCUS: the exported CSV of invoiced and open periods passes {@code FocusValidator} (the spec CSV), BilledCost adds up
 * to each invoice, late usage appears as Correction rows, and a Parquet copy read back with read_parquet sums the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "meterwise.billing.scheduler-enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChargebackIT {

    static final UUID SUB = UUID.fromString("3c1d2e4f-0000-4000-8000-00000000cb01");
    static final UUID VM = UUID.fromString("3c1d2e4f-0000-4000-8000-0000000000a1");
    static final UUID DISK = UUID.fromString("3c1d2e4f-0000-4000-8000-0000000000a2");
    static final BigDecimal VM_PRICE = new BigDecimal("0.096");
    static final BigDecimal DISK_PRICE = new BigDecimal("0.0137");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-10-05T08:00:00Z"));
    static final String RULES = "/subscriptions/" + SUB + "/providers/Meterwise/chargebackRules/";
    static final String CHARGEBACK = "/subscriptions/" + SUB + "/providers/Meterwise/chargeback";
    static Path dataDir;

    @TestConfiguration
    static class Fixtures {
        @Bean
        @Primary
        Clock chargebackClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = TestDataDirs.create("meterwise-chargeback");
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    CatalogStore catalog;
    @Autowired
    UsageLedger ledger;
    @Autowired
    InvoiceService invoiceService;
    @Autowired
    Invoices invoices;

    final HttpClient http = HttpClient.newHttpClient();
    String owner;
    String reader;
    String billingReader;
    /** Independent computation: exact cost per cost centre tag value (after aliasing) for September. */
    final Map<String, BigDecimal> exactSeptember = new HashMap<>();

    @BeforeAll
    void seed() {
        Currency usd = Currency.getInstance("USD");
        Instant priced = Instant.parse("2020-01-01T00:00:00Z");
        catalog.putMeter(new Meter(VM, "D2 v3", "Virtual Machines", "Dv3", "US East", "1 Hour", List.of()));
        catalog.putMeter(new Meter(DISK, "P10", "Storage", "Premium SSD", "US East", "1 Hour", List.of()));
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        Subscription s = new Subscription(SUB, "Chargeback test", SubscriptionState.ENABLED, "MS-AZR-0003P", usd, "US",
                "contoso");
        catalog.putSubscription(s);
        catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(VM, priced, VM_PRICE));
        catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(DISK, priced, DISK_PRICE));
        List<UsageRecord> records = new ArrayList<>();
        String[][] resources = {{"rg-web", "vm-fin", "Finance"}, {"rg-web", "vm-fin2", "fin"},
            {"rg-web", "vm-sales", "sales"}, {"rg-web", "vm-none", null}, {"rg-web", "vm-odd", "marketing"},
            {"rg-network", "gw", "sales"}};
        int n = 0;
        for (String month : List.of("2026-08", "2026-09", "2026-10")) {
            for (int day = 1; day <= 3; day++) {
                for (int hour = 0; hour < 24; hour += 3) {
                    Instant start = Instant.parse(month + "-0" + day + "T00:00:00Z").plus(Duration.ofHours(hour));
                    for (String[] r : resources) {
                        UUID meter = r[1].startsWith("vm") ? VM : DISK;
                        BigDecimal quantity = new BigDecimal(1 + (n % 7)).divide(new BigDecimal(3), 6,
                                java.math.RoundingMode.DOWN);
                        Map<String, String> tags = r[2] == null ? Map.of("env", "prod")
                                : Map.of("CostCenter", r[2], "env", "prod");
                        records.add(new UsageRecord("cb-" + n++, SUB, meter, quantity, start, start.plusSeconds(3600),
                                "/subscriptions/" + SUB + "/resourceGroups/" + r[0]
                                        + "/providers/Microsoft.Compute/virtualMachines/" + r[1],
                                "eastus", tags, Map.of(), start.plusSeconds(7200)));
                        if (month.equals("2026-09") && !r[0].equals("rg-network")) {
                            String centre = r[2] == null || r[2].equals("marketing") ? "untagged"
                                    : r[2].equalsIgnoreCase("fin") || r[2].equals("Finance") ? "finance" : r[2];
                            exactSeptember.merge(centre, quantity.multiply(meter.equals(VM) ? VM_PRICE : DISK_PRICE),
                                    BigDecimal::add);
                        }
                    }
                }
            }
        }
        assertThat(ledger.appendAsReportedAt(records).errors()).isEmpty();
        assertThat(invoiceService.issue(null, null).failures()).isEmpty();
        TestTokens tokens = TestTokens.from(context);
        owner = tokens.withRole(io.meterwise.core.access.Role.OWNER, SUB);
        reader = tokens.withRole(io.meterwise.core.access.Role.READER, SUB);
        billingReader = tokens.withRole(io.meterwise.core.access.Role.BILLING_READER, SUB);
    }

    static String rules(String effectiveFrom, String effectiveTo, String percentages) {
        return "{\"properties\":{\"effectiveFrom\":\"" + effectiveFrom + "\",\"effectiveTo\":"
                + (effectiveTo == null ? "null" : "\"" + effectiveTo + "\"") + ",\"tagKey\":\"costCenter\","
                + "\"costCentres\":[\"finance\",\"sales\",\"untagged\"],\"valueAliases\":{\"fin\":\"finance\"},"
                + "\"untaggedCostCentre\":\"untagged\",\"sharedCosts\":[{\"name\":\"network\",\"scope\":"
                + "\"ResourceGroup\",\"match\":\"rg-network\",\"split\":\"Fixed\",\"costCentres\":[\"finance\","
                + "\"sales\"],\"percentages\":" + percentages + "}]}}";
    }

    @Test
    @Order(1)
    void badRulesAreRefusedWithTheReason() throws Exception {
        assertError(send("PUT", RULES + "v1", owner, rules("2026-01", null, "{\"finance\":60,\"sales\":30}")), 400,
                "InvalidPercentages", "add up to 90");
        assertError(send("PUT", RULES + "v1", owner, rules("2026-01", null, "{\"finance\":60,\"sales\":40}")
                .replace("\"costCenter\"", "\"department\"")), 400, "UnknownTag", "department");
        assertError(send("PUT", RULES + "v1", owner, rules("2026-01", null, "{\"finance\":60,\"sales\":40}")
                .replace("\"fin\":\"finance\"", "\"fin\":\"accounting\"")), 400, "UnknownCostCentre", "accounting");
        assertError(send("PUT", RULES + "v1", owner, "{\"properties\":{\"tagKey\":\"costCenter\"}}"), 400,
                "InvalidRequestContent", "effectiveFrom");
        assertError(send("PUT", RULES + "v1", reader, rules("2026-01", null, "{\"finance\":60,\"sales\":40}")), 403,
                "AuthorizationFailed", "Meterwise/chargebackRules/write");
        assertThat(send("GET", RULES.substring(0, RULES.length() - 1), owner, null).body()).isEqualTo("{\"value\":[]}");
    }

    @Test
    @Order(2)
    void aValidVersionIsStoredAndOverlapsAreRefused() throws Exception {
        HttpResponse<String> created = send("PUT", RULES + "v1", owner,
                rules("2026-01", null, "{\"finance\":60,\"sales\":40}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).at("/properties/sharedCosts/0/percentages/finance").asString()).isEqualTo("60");
        assertError(send("PUT", RULES + "v2", owner, rules("2026-10", null, "{\"finance\":50,\"sales\":50}")), 400,
                "OverlappingEffectivePeriod", "v1");
        assertThat(json(send("GET", RULES + "v1", reader, null)).at("/properties/tagKey").asString())
                .isEqualTo("costCenter");
    }

    @Test
    @Order(3)
    void theReportOfAnInvoicedPeriodAddsUpToTheInvoiceAndMatchesTheUsage() throws Exception {
        JsonNode report = json(send("POST", CHARGEBACK, billingReader, "{\"period\":\"2026-09\"}"));
        Invoice invoice = invoices.forPeriod(SUB, BillingPeriod.of(2026, 9)).orElseThrow();
        assertThat(report.get("estimated").asBoolean()).isFalse();
        assertThat(new BigDecimal(report.get("total").asString())).isEqualByComparingTo(invoice.total().amount());
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode row : report.get("rows")) {
            sum = sum.add(new BigDecimal(row.get("total").asString()));
            BigDecimal direct = new BigDecimal(row.at("/direct/amount").asString());
            BigDecimal exact = exactSeptember.getOrDefault(row.get("costCentre").asString(), BigDecimal.ZERO);
            // per-record shares of rounded meter lines: within a cent per meter (2 meters) of the exact usage cost
            assertThat(direct.subtract(exact).abs()).isLessThanOrEqualTo(new BigDecimal("0.02"));
        }
        assertThat(sum).isEqualByComparingTo(invoice.total().amount());
        JsonNode finance = report.get("rows").get(0);
        assertThat(finance.at("/shared/0/rule").asString()).isEqualTo("network: ResourceGroup rg-network, Fixed");
        assertThat(finance.at("/direct/rule").asString()).isEqualTo("tag costCenter = finance (aliases fin)");

        JsonNode records = json(send("POST", CHARGEBACK + "/records", reader,
                "{\"period\":\"2026-09\",\"costCentre\":\"finance\",\"part\":\"direct\"}"));
        BigDecimal behind = BigDecimal.ZERO;
        for (JsonNode r : records.get("value")) {
            assertThat(r.at("/resourceUri").asString()).contains("vm-fin");
            behind = behind.add(new BigDecimal(r.get("allocated").asString()));
        }
        assertThat(records.get("value").size()).isEqualTo(2 * 3 * 8);
        assertThat(records.get("nextLink").isNull()).isTrue();
        assertThat(behind.subtract(new BigDecimal(finance.at("/direct/amount").asString())).abs())
                .isLessThan(new BigDecimal("0.01"));
    }

    @Test
    @Order(3)
    void theDrillDownPagesByKeysetThroughNextLink() throws Exception {
        String body = "{\"period\":\"2026-09\",\"costCentre\":\"finance\",\"part\":\"direct\"}";
        List<String> all = new ArrayList<>();
        json(send("POST", CHARGEBACK + "/records", reader, body)).get("value")
                .forEach(r -> all.add(r.get("chargeId").asString()));
        assertThat(all).isSorted().doesNotHaveDuplicates();
        List<String> paged = new ArrayList<>();
        String next = "http://localhost:" + port + CHARGEBACK + "/records?$top=20";
        int pages = 0;
        String firstNext = null;
        while (next != null) {
            JsonNode page = json(send("POST", next.substring(next.indexOf("/subscriptions/")), reader, body));
            page.get("value").forEach(r -> paged.add(r.get("chargeId").asString()));
            next = page.get("nextLink").isNull() ? null : page.get("nextLink").asString();
            firstNext = firstNext == null ? next : firstNext;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(all);
        // the token is bound to the caller and to the request
        String path = firstNext.substring(firstNext.indexOf("/subscriptions/"));
        assertThat(send("POST", path, billingReader, body).statusCode()).isEqualTo(400);
        assertThat(send("POST", path, reader, body.replace("direct", "network")).statusCode()).isEqualTo(400);
        assertError(send("POST", CHARGEBACK + "/records?$top=0", reader, body), 400, "InvalidTop", "$top");
    }

    @Test
    @Order(4)
    void aRuleChangeNeverAltersAnIssuedPeriodButChangesTheOpenOne() throws Exception {
        JsonNode september = json(send("POST", CHARGEBACK, reader, "{\"period\":\"2026-09\"}"));
        JsonNode octoberBefore = json(send("POST", CHARGEBACK, reader, "{\"period\":\"2026-10\"}"));
        assertThat(octoberBefore.get("estimated").asBoolean()).isTrue();

        HttpResponse<String> changed = send("PUT", RULES + "v1", owner,
                rules("2026-01", null, "{\"finance\":10,\"sales\":90}"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        JsonNode septemberAfter = json(send("POST", CHARGEBACK, reader, "{\"period\":\"2026-09\"}"));
        JsonNode octoberAfter = json(send("POST", CHARGEBACK, reader, "{\"period\":\"2026-10\"}"));
        assertThat(septemberAfter.get("rows")).isEqualTo(september.get("rows"));
        assertThat(octoberAfter.at("/rows/0/shared/0/amount").asString())
                .isNotEqualTo(octoberBefore.at("/rows/0/shared/0/amount").asString());
        assertThat(octoberAfter.at("/rows/0/shared/0/rule").asString()).contains("Fixed");
    }

    @Test
    @Order(5)
    void showbackStatementsDownloadThroughSignedLinksOnly() throws Exception {
        JsonNode report = json(send("POST", CHARGEBACK, reader, "{\"period\":\"2026-09\"}"));
        JsonNode finance = report.get("rows").get(0);
        String csvUrl = finance.at("/statement/csvUrl").asString();
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(csvUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("period,subscriptionId,costCentre,part,rule,chargeId")
                .contains("vm-fin").contains(",network,").doesNotContain("vm-sales,");
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(finance.at("/statement/pdfUrl")
                .asString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("SHOWBACK STATEMENT").contains("finance").contains(finance.get("total")
                    .asString() + " USD");
        }
        String tampered = csvUrl.replace("/finance.csv", "/sales.csv");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void periodsWithoutRulesOrInTheFutureAreExplained() throws Exception {
        assertError(send("POST", CHARGEBACK, reader, "{\"period\":\"2025-12\"}"), 404, "NoChargebackRules",
                "2025-12");
        assertError(send("POST", CHARGEBACK, reader, "{\"period\":\"2027-01\"}"), 400, "InvalidPeriod", "2027-01");
        assertError(send("POST", CHARGEBACK, reader, "{\"period\":\"sept\"}"), 400, "InvalidPeriod", "2026-10");
        assertError(send("POST", CHARGEBACK + "/records", reader,
                "{\"period\":\"2026-09\",\"costCentre\":\"hr\"}"), 404, "ChargebackPartNotFound", "hr");
    }

    @Test
    @Order(7)
    void focusExportsOfInvoicedAndOpenPeriodsPassTheValidatorAndAddUpToTheInvoices() throws Exception {
        for (int month : List.of(8, 9, 10)) {
            BillingPeriod period = BillingPeriod.of(2026, month);
            Path csv = focus(period);
            FocusValidatorAccess.Result result = FocusValidatorAccess.validate(csv);
            assertThat(result.problems()).as(period.toString()).isEmpty();
            assertThat(result.rows()).isEqualTo(6 * 3 * 8);
            Invoice invoice = invoices.forPeriod(SUB, period).orElse(null);
            if (invoice == null) {
                assertThat(result.billedByInvoice()).isEmpty();
                JsonNode estimate = json(send("POST", CHARGEBACK, reader, "{\"period\":\"2026-10\"}"));
                assertThat(result.billedWithoutInvoice()).isEqualByComparingTo(estimate.get("total").asString());
                assertThat(java.nio.file.Files.readString(csv)).contains(",true\r\n").doesNotContain(",false\r\n");
            } else {
                assertThat(result.billedByInvoice()).containsOnlyKeys(invoice.name());
                assertThat(result.billedByInvoice().get(invoice.name())).isEqualByComparingTo(invoice.total().amount());
            }
        }
    }

    @Test
    @Order(8)
    void lateUsageBecomesCorrectionRowsAndParquetReadsBackTheSameTotal() throws Exception {
        Instant late = Instant.parse("2026-09-20T10:00:00Z");
        assertThat(ledger.appendAsReportedAt(List.of(new UsageRecord("cb-late", SUB, VM, new BigDecimal("50"), late,
                late.plusSeconds(3600), "/subscriptions/" + SUB + "/resourceGroups/rg-web/providers/"
                        + "Microsoft.Compute/virtualMachines/vm-sales", "eastus", Map.of("costCenter", "sales"),
                Map.of(), Instant.parse("2026-10-20T00:00:00Z")))).errors()).isEmpty();
        CLOCK.set(Instant.parse("2026-11-05T00:00:00Z"));
        assertThat(invoiceService.issue(null, null).failures()).isEmpty();
        Invoice october = invoices.forPeriod(SUB, BillingPeriod.of(2026, 10)).orElseThrow();
        assertThat(october.adjustmentsTotal().amount()).isEqualByComparingTo("4.80");

        Path csv = focus(BillingPeriod.of(2026, 10));
        FocusValidatorAccess.Result result = FocusValidatorAccess.validate(csv);
        assertThat(result.problems()).isEmpty();
        assertThat(java.nio.file.Files.readString(csv)).contains(",Correction,");
        assertThat(result.billedByInvoice().get(october.name())).isEqualByComparingTo(october.total().amount());

        Path parquet = csv.resolveSibling("october.parquet");
        io.meterwise.server.storage.duckdb.DuckDbParquet.focusCsvToParquet(csv, parquet);
        assertThat(io.meterwise.server.storage.duckdb.DuckDbParquet.sum(parquet, "BilledCost"))
                .isEqualByComparingTo(october.total().amount());

        String freshReader = TestTokens.from(context).withRole(io.meterwise.core.access.Role.READER, SUB);
        JsonNode report = json(send("POST", CHARGEBACK, freshReader, "{\"period\":\"2026-10\"}"));
        assertThat(report.get("estimated").asBoolean()).isFalse();
        assertThat(new BigDecimal(report.get("total").asString())).isEqualByComparingTo(october.total().amount());
    }

    @Autowired
    io.meterwise.core.focus.FocusRows focusRows;
    @Autowired
    io.meterwise.core.catalog.Catalog catalogView;

    Path focus(BillingPeriod period) throws Exception {
        Path file = java.nio.file.Files.createTempFile(dataDir, "focus-" + period.month(), ".csv");
        try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(file)) {
            io.meterwise.server.focus.FocusCsv csv = new io.meterwise.server.focus.FocusCsv(out);
            csv.header();
            focusRows.rows(catalogView.subscription(SUB).orElseThrow(), period, csv::row);
        }
        return file;
    }

    private void assertError(HttpResponse<String> response, int status, String code, String mention) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains(mention);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(token))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return ChargebackJson.JSON.readTree(response.body());
    }
}

package io.meterwise.server.http.billing;

import io.meterwise.core.testing.MovableClock;

import io.meterwise.core.testing.InMemoryCatalogStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.meterwise.server.testing.TestTokens;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import tools.jackson.databind.JsonNode;
import io.meterwise.server.storage.jdbc.JdbcInvoices;

/** The Invoice and Billing Period APIs over HTTP, against the Swagger contract, with PDF download and late usage. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"meterwise.billing.scheduler-enabled=false", "meterwise.billing.page-size=2"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvoiceApiIT {

    static final String V = "2017-04-24-preview";
    static final UUID SUB = UUID.fromString("5f0c1e35-44c5-4d2a-9b55-1f0e0c2d8a11");
    static final UUID EA_SUB = UUID.fromString("6a1d2f46-55d6-4e3b-8c66-2a1f1d3e9b22");
    static final UUID VM = UUID.fromString("0b6c8d1e-aaaa-4bbb-8ccc-000000000001");
    static final UUID DISK = UUID.fromString("0b6c8d1e-aaaa-4bbb-8ccc-000000000002");
    static final MovableClock CLOCK =
            new MovableClock(Instant.parse("2026-10-05T08:00:00.123456789Z"));
    static final InMemoryCatalogStore CATALOG = new InMemoryCatalogStore();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @TestConfiguration
    static class Fixtures {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcInvoices invoices;

    @Autowired
    CatalogStore catalogStore;

    @Autowired
    UsageLedger ledger;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    static boolean seeded;

    /** The catalog goes through the real store, as the operator API would write it. */
    @BeforeEach
    void seedCatalogOnce() {
        if (seeded) {
            return;
        }
        CATALOG.offers().forEach(catalogStore::putOffer);
        CATALOG.meters().forEach(catalogStore::putMeter);
        CATALOG.priceListKeys().forEach(key -> CATALOG.priceList(key).orElseThrow().meterIds().forEach(
                meter -> catalogStore.addPriceVersions(key, CATALOG.priceList(key).orElseThrow().versions(meter))));
        CATALOG.subscriptions().forEach(catalogStore::putSubscription);
        seeded = true;
    }

    final HttpClient http = HttpClient.newHttpClient();
    static long seq;

    @BeforeAll
    static void catalog() {
        Currency usd = Currency.getInstance("USD");
        CATALOG.putMeter(new Meter(VM, "D2 v3 VM", "Virtual Machines", "Dv3 Series", "US East", "1 Hour",
                List.of()));
        CATALOG.putMeter(new Meter(DISK, "P10 Managed Disk", "Storage", "Premium SSD", "US East", "1/Month",
                List.of()));
        CATALOG.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO,
                List.of(new OfferTerm.MonetaryCredit(Instant.parse("2020-01-01T00:00:00Z"), Money.exact("25.00", "USD"),
                        Set.of(DISK)))));
        CATALOG.putOffer(new Offer("MS-AZR-0017P", "Enterprise Agreement",
                OfferType.ENTERPRISE_AGREEMENT, List.of()));
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal("0.096"));
        tiers.put(new BigDecimal("500"), new BigDecimal("0.081"));
        CATALOG.addPriceVersions(new PriceListKey("MS-AZR-0003P", usd, "US"), List.of(
                new MeterPrice(VM, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("10"), tiers),
                MeterPrice.flat(DISK, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.0264"))));
        CATALOG.putSubscription(new Subscription(SUB, "Contoso Production", SubscriptionState.ENABLED,
                "MS-AZR-0003P", usd, "US", "contoso.example"));
        CATALOG.putSubscription(new Subscription(EA_SUB, "Fabrikam EA", SubscriptionState.ENABLED,
                "MS-AZR-0017P", usd, "US", "fabrikam.example"));
    }

    String base() {
        return "http://localhost:" + port;
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    private String operatorToken;

    String operatorToken() {
        if (operatorToken == null) {
            operatorToken = TestTokens.from(context).operator();
        }
        return operatorToken;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
                : base() + pathAndQuery)).header("Authorization", TestTokens.bearer(operatorToken())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(operatorToken()))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return SwaggerContract.JSON.readTree(response.body());
    }

    static String invoices(UUID sub) {
        return "/subscriptions/" + sub + "/providers/Microsoft.Billing/invoices";
    }

    /** The fields of a CSV row; a quoted field may hold commas (meter names do). */
    static String[] fields(String row) {
        return row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    final List<UsageRecord> pending = new ArrayList<>();

    void usage(Instant start, UUID meter, String quantity) {
        seq++;
        pending.add(new UsageRecord("r" + seq, SUB, meter, new BigDecimal(quantity), start,
                start.plus(Duration.ofHours(1)), "/subscriptions/" + SUB
                        + "/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/web-" + seq % 3,
                "eastus", Map.of(), Map.of(), CLOCK.instant()));
    }

    /** Stores the pending records through the real ledger, which assigns ingest sequence numbers. */
    void flush() {
        IngestionResult result = ledger.append(pending);
        assertThat(result.errors()).isEmpty();
        assertThat(result.accepted()).isEqualTo(pending.size());
        pending.clear();
    }

    @Test
    @Order(1)
    void issuesOncePerClosedPeriodAndAnswersOnlyAfterOptIn() throws Exception {
        for (int month = 7; month <= 10; month++) {
            Instant start = Instant.parse(String.format("2026-%02d-01T00:00:00Z", month));
            for (int h = 0; h < 24 * 28; h += 1) {
                usage(start.plus(Duration.ofHours(h)), VM, h % 2 == 0 ? "1" : "0.5");
            }
            usage(start, DISK, "1");
        }
        flush();
        HttpResponse<String> issued = send("POST", "/providers/Meterwise/invoices/issue", "{}");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(json(issued).get("issued")).hasSize(3);
        HttpResponse<String> again = send("POST", "/providers/Meterwise/invoices/issue", "{}");
        assertThat(json(again).get("issued")).isEmpty();
        assertThat(json(again).get("alreadyIssued").asInt()).isEqualTo(3);

        HttpResponse<String> before = get(invoices(SUB) + "?api-version=" + V);
        assertThat(before.statusCode()).isEqualTo(409);
        assertThat(json(before).at("/error/code").asString()).isEqualTo("InvoiceAccessNotEnabled");
        assertThat(json(before).at("/error/message").asString()).contains("invoiceSettings/default");

        HttpResponse<String> optIn = send("PUT", "/subscriptions/" + SUB
                + "/providers/Microsoft.Billing/invoiceSettings/default?api-version=" + V,
                "{\"properties\":{\"invoiceDownloadOptIn\":true}}");
        assertThat(optIn.statusCode()).isEqualTo(200);
        assertThat(json(optIn).at("/properties/invoiceDownloadOptIn").asBoolean()).isTrue();
        if ("postgres".equals(System.getProperty("meterwise.store"))) {
            // replicas share the key through the database (ADR 0035)
            assertThat(jdbc.queryForObject("SELECT count(*) FROM shared_secret WHERE name = 'download-links.key'",
                    Long.class)).isEqualTo(1);
        } else {
            Path key = dataDir.resolve("download-links.key");
            assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    @Order(2)
    void listsNewestFirstInPagesThatMatchTheSwaggerContract() throws Exception {
        for (String version : List.of("2017-02-27-preview", V, "2018-03-01-preview")) {
            HttpResponse<String> first = get(invoices(SUB) + "?api-version=" + version);
            assertThat(first.statusCode()).isEqualTo(200);
            JsonNode page = json(first);
            assertThat(SwaggerContract.validate(version, "InvoicesListResult", page)).isEmpty();
            assertThat(page.get("value")).hasSize(2);
            assertThat(page.at("/value/0/properties/invoicePeriodStartDate").asString()).isEqualTo("2026-09-01");
            assertThat(page.at("/value/0/properties/invoicePeriodEndDate").asString()).isEqualTo("2026-09-30");
            assertThat(page.at("/value/1/properties/invoicePeriodEndDate").asString()).isEqualTo("2026-08-31");
            assertThat(page.at("/value/0/properties/downloadUrl").isMissingNode()).isTrue();
            JsonNode second = json(get(page.get("nextLink").asString()));
            assertThat(second.get("value")).hasSize(1);
            assertThat(second.at("/value/0/properties/invoicePeriodEndDate").asString()).isEqualTo("2026-07-31");
            assertThat(second.has("nextLink")).isFalse();
        }
        JsonNode sept = json(get(invoices(SUB) + "?api-version=" + V + "&$top=1")).at("/value/0");
        assertThat(sept.at("/properties/billingPeriodIds/0").asString())
                .isEqualTo("/subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods/202609-1");
        // the spec's own example passes the same validation
        JsonNode example = SwaggerContract.example(V, "InvoicesExpand.json").at("/responses/200/body");
        assertThat(SwaggerContract.validate(V, "InvoicesListResult", example)).isEmpty();
    }

    @Test
    @Order(3)
    void filtersOnPeriodDatesAndExpandsDownloadUrls() throws Exception {
        JsonNode ge = json(get(invoices(SUB) + "?api-version=" + V + "&$filter="
                + enc("invoicePeriodEndDate ge 2026-08-31") + "&$expand=downloadUrl"));
        assertThat(ge.get("value")).hasSize(2);
        assertThat(ge.at("/value/0/properties/downloadUrl/url").asString()).contains("/downloads/invoices/");
        assertThat(SwaggerContract.validate(V, "InvoicesListResult", ge)).isEmpty();
        JsonNode range = json(get(invoices(SUB) + "?api-version=" + V + "&$filter="
                + enc("invoicePeriodStartDate le 2026-08-01 and invoicePeriodEndDate gt 2026-07-31")));
        assertThat(range.get("value")).hasSize(1);
        assertThat(range.at("/value/0/properties/invoicePeriodStartDate").asString()).isEqualTo("2026-08-01");
        JsonNode anyCase = json(get(invoices(SUB) + "?API-VERSION=" + V + "&$FILTER="
                + enc("invoicePeriodEndDate ge 2026-08-31") + "&$Expand=downloadUrl"));
        assertThat(anyCase).isEqualTo(ge);
    }

    @Test
    @Order(4)
    void badInputIsAClearArmError() throws Exception {
        assertError(get(invoices(SUB) + "?api-version=" + V + "&$filter=" + enc("invoicePeriodEndDate ne 2026-01-01")),
                400, "InvalidFilter");
        assertError(get(invoices(SUB) + "?api-version=" + V + "&$top=0"), 400, "InvalidTop");
        assertError(get(invoices(SUB) + "?api-version=" + V + "&$top=101"), 400, "InvalidTop");
        String next = json(get(invoices(SUB) + "?api-version=" + V)).get("nextLink").asString();
        String tampered = next.substring(0, next.length() - 3) + (next.endsWith("A") ? "BBB" : "AAA");
        assertError(get(tampered), 400, "InvalidContinuationToken");
        assertError(get(next.replace("api-version=" + V, "api-version=2018-03-01-preview")), 400,
                "InvalidContinuationToken");
        assertError(get(invoices(SUB) + "/2026-01-01-000000999?api-version=" + V), 404, "InvoiceNotFound");
        assertError(get(invoices(SUB)), 400, "MissingApiVersionParameter");
        assertError(get(invoices(SUB) + "?api-version=2015-06-01-preview"), 400, "InvalidApiVersionParameter");
        assertError(get(invoices(UUID.randomUUID()) + "?api-version=" + V), 404, "SubscriptionNotFound");
        HttpResponse<String> ea = get(invoices(EA_SUB) + "?api-version=" + V);
        assertError(ea, 400, "UnsupportedSubscriptionType");
        assertThat(json(ea).at("/error/message").asString()).isEqualTo("Subscription " + EA_SUB + " is not supported.");
        assertThat(json(ea).at("/error/target").asString()).isEqualTo("subscriptionId");
        assertThat(SwaggerContract.validate(V, "ErrorResponse", json(ea))).isEmpty();
        assertError(send("POST", "/providers/Meterwise/invoices/issue", "{\"period\":\"2026-13\"}"), 400,
                "InvalidPeriod");
        assertError(send("POST", "/providers/Meterwise/invoices/issue", "{\"period\":\"2026-10\"}"), 409,
                "BillingPeriodNotEnded");
        // issue 8: periods start with the subscription (created, or first used, in 2026): June 2025 is not one
        int before = invoices.ofSubscription(SUB).size();
        HttpResponse<String> beforeSubscription = send("POST", "/providers/Meterwise/invoices/issue",
                "{\"period\":\"2025-06\",\"subscriptionId\":\"" + SUB + "\"}");
        assertError(beforeSubscription, 409, "BillingPeriodBeforeSubscription");
        assertThat(json(beforeSubscription).at("/error/message").asString()).contains("periods start with 2026-");
        assertThat(invoices.ofSubscription(SUB)).hasSize(before);
        assertThat(json(send("POST", "/providers/Meterwise/invoices/issue", "{\"period\":\"2025-06\"}"))
                .get("issued")).isEmpty();
    }

    void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).at("/error/code").asString()).isEqualTo(code);
    }

    @Test
    @Order(5)
    void latestWinsOverTheNameRouteAndItsSignedLinkServesThePdfUntilItExpires() throws Exception {
        HttpResponse<String> latest = get(invoices(SUB) + "/latest?api-version=" + V);
        assertThat(latest.statusCode()).isEqualTo(200);
        JsonNode body = json(latest);
        assertThat(SwaggerContract.validate(V, "Invoice", body)).isEmpty();
        assertThat(body.at("/properties/invoicePeriodEndDate").asString()).isEqualTo("2026-09-30");
        String name = body.get("name").asString();
        assertThat(name).matches("2026-10-05-\\d{9}");
        assertThat(json(get(invoices(SUB) + "/" + name + "?api-version=" + V)).get("id").asString())
                .isEqualTo(body.get("id").asString());
        String url = body.at("/properties/downloadUrl/url").asString();
        assertThat(Instant.parse(body.at("/properties/downloadUrl/expiryTime").asString()))
                .isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        Invoice invoice = invoices.find(SUB, name).orElseThrow();
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Page 1 of " + document.getNumberOfPages());
        }
        assertThat(text).contains("Total due: " + invoice.total().amount().toPlainString() + " USD");
        assertThat(text).contains("Contoso Production", "contoso.example", "MS-AZR-0003P", "Virtual Machines",
                "Storage", "Monetary credit applied");
        Files.write(dataDir.resolve("sample-invoice.pdf"), pdf.body());
        // the stored PDF is served again unchanged
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(pdf.body());

        assertError(get(url.replace("sig=", "sig=x")), 403, "AuthenticationFailed");
        assertError(get(url.replaceFirst("se=(\\d+)", "se=9$1")), 403, "AuthenticationFailed");
        assertError(get(url.replace(name, "2026-10-05-000000001")), 403, "AuthenticationFailed");
        CLOCK.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = get(url);
        assertError(expired, 403, "AuthenticationFailed");
        assertThat(json(expired).at("/error/message").asString()).contains("expired");
    }

    @Test
    @Order(6)
    void usageCsvListsTheRecordsBehindTheInvoice() throws Exception {
        Invoice sept = invoices.ofSubscription(SUB).get(0);
        HttpResponse<String> csv = get(invoices(SUB) + "/" + sept.name() + "/usageDetails.csv?api-version=" + V);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("invoiceName,billingPeriod,ingestSeq,recordId,meterId");
        assertThat(lines).hasSize(1 + 24 * 28 + 1);
        BigDecimal vmHours = BigDecimal.ZERO;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = fields(line);
            if (f[4].equals(VM.toString())) {
                vmHours = vmHours.add(new BigDecimal(f[9]));
            }
        }
        BigDecimal invoicedVm = BigDecimal.ZERO;
        for (InvoiceLine l : sept.lines()) {
            if (VM.equals(l.meterId())) {
                invoicedVm = invoicedVm.add(l.quantity());
            }
        }
        assertThat(vmHours).isEqualByComparingTo(invoicedVm).isEqualByComparingTo("504");
    }

    @Test
    @Order(7)
    void billingPeriodsRunFromFirstUsageToNowAndLinkTheirInvoices() throws Exception {
        String periods = "/subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods";
        JsonNode page = json(get(periods + "?api-version=" + V + "&$top=10"));
        assertThat(SwaggerContract.validate(V, "BillingPeriodsListResult", page)).isEmpty();
        List<String> names = new ArrayList<>();
        JsonNode current = page;
        while (true) {
            current.get("value").forEach(p -> names.add(p.get("name").asString()));
            if (!current.has("nextLink")) {
                break;
            }
            current = json(get(current.get("nextLink").asString()));
        }
        assertThat(names).containsExactly("202610-1", "202609-1", "202608-1", "202607-1");
        JsonNode sept = json(get(periods + "/202609-1?api-version=2018-03-01-preview"));
        assertThat(SwaggerContract.validate("2018-03-01-preview", "BillingPeriod", sept)).isEmpty();
        assertThat(sept.at("/properties/billingPeriodStartDate").asString()).isEqualTo("2026-09-01");
        assertThat(sept.at("/properties/billingPeriodEndDate").asString()).isEqualTo("2026-09-30");
        assertThat(sept.at("/properties/invoiceIds")).hasSize(1);
        JsonNode filtered = json(get(periods + "?api-version=" + V + "&$filter="
                + enc("billingPeriodEndDate lt 2026-09-01")));
        assertThat(filtered.get("value")).hasSize(2);
        assertError(get(periods + "/202613-1?api-version=" + V), 404, "BillingPeriodNotFound");
        assertError(get(periods + "?api-version=2017-02-27-preview"), 400, "InvalidApiVersionParameter");
    }

    @Test
    @Order(8)
    void lateUsageIsChargedOnTheNextInvoiceAsALabelledAdjustment() throws Exception {
        Invoice sept = invoices.ofSubscription(SUB).get(0);
        usage(Instant.parse("2026-09-29T10:00:00Z"), VM, "40");
        flush();
        CLOCK.set(Instant.parse("2026-11-04T00:00:00Z"));
        assertThat(json(send("POST", "/providers/Meterwise/invoices/issue",
                "{\"subscriptionId\":\"" + SUB + "\"}")).get("issued")).hasSize(1);

        Invoice oct = invoices.ofSubscription(SUB).get(0);
        assertThat(oct.period().month()).hasToString("2026-10");
        List<InvoiceLine> adjustments = oct.lines().stream().filter(InvoiceLine::isAdjustment).toList();
        // 504 h were invoiced (10 included, 494 x 0.096 = 47.42; the 25.00 credit was used up). 40 late hours cross the
        // 500-hour tier: 500 x 0.096 = 48.00 and 34 x 0.081 = 2.75, so 50.75 - 47.42 = 3.33 more; the credit is unchanged.
        assertThat(adjustments).extracting(InvoiceLine::description).containsExactly(
                "Prior-period adjustment for 2026-09: D2 v3 VM, Dv3 Series (US East)");
        assertThat(adjustments).extracting(l -> l.amount().amount().toPlainString()).containsExactly("3.33");
        assertThat(adjustments.get(0).quantity()).isEqualByComparingTo("40");
        assertThat(invoices.find(SUB, sept.name()).orElseThrow()).isEqualTo(sept);
        JsonNode latest = json(get(invoices(SUB) + "/latest?api-version=" + V));
        assertThat(latest.at("/properties/billingPeriodIds").toString()).contains("202610-1", "202609-1");
        JsonNode period = json(get("/subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods/202609-1"
                + "?api-version=" + V));
        assertThat(period.at("/properties/invoiceIds")).hasSize(2);

        // issue 8: the adjusting invoice's CSV lists the late record the adjustment charges, not all of September
        List<String> septRows = get(invoices(SUB) + "/" + oct.name() + "/usageDetails.csv?api-version=" + V).body()
                .lines().filter(l -> l.contains(",202609-1,")).toList();
        assertThat(septRows).hasSize(1);
        assertThat(new BigDecimal(fields(septRows.get(0))[9])).isEqualByComparingTo("40");
    }

    /** Issue 8: the CSV read meter names from the live catalog, so renaming a meter changed an issued invoice. */
    @Test
    @Order(9)
    void anIssuedInvoiceShowsTheMeterAsIssuedAfterTheMeterIsRenamed() throws Exception {
        Invoice sept = invoices.forPeriod(SUB, BillingPeriod.of(2026, 9)).orElseThrow();
        String csvPath = invoices(SUB) + "/" + sept.name() + "/usageDetails.csv?api-version=" + V;
        String before = get(csvPath).body();
        Meter vm = catalogStore.meter(VM).orElseThrow();
        catalogStore.putMeter(new Meter(VM, "Renamed VM", "Compute", "Other", "US West", "10 Hours", List.of()));
        try {
            String after = get(csvPath).body();

            assertThat(after).isEqualTo(before).contains(",\"D2 v3 VM, Dv3 Series (US East)\",Virtual Machines,")
                    .contains(",1 Hour,").doesNotContain("Renamed");
            assertThat(invoices.find(SUB, sept.name()).orElseThrow().lines()).filteredOn(l -> VM.equals(l.meterId()))
                    .allSatisfy(l -> assertThat(l.unit()).isEqualTo("1 Hour"));
        } finally {
            catalogStore.putMeter(vm);
        }
    }

    /** Issue 8: a back-dated price version once re-priced an invoiced month through a later adjustment. */
    @Test
    @Order(10)
    void aPriceVersionInsideAnInvoicedPeriodIsRefusedNamingTheInvoices() throws Exception {
        Invoice sept = invoices.forPeriod(SUB, BillingPeriod.of(2026, 9)).orElseThrow();
        Invoice oct = invoices.forPeriod(SUB, BillingPeriod.of(2026, 10)).orElseThrow();
        String version = "{\"offerDurableId\":\"MS-AZR-0003P\",\"currency\":\"USD\",\"regionInfo\":\"US\","
                + "\"meterId\":\"" + VM + "\",\"effectiveFrom\":\"%s\",\"rates\":{\"0\":\"0.50\"}}";

        HttpResponse<String> inSeptember = send("POST", "/providers/Meterwise/prices",
                version.formatted("2026-09-10T00:00:00Z"));
        HttpResponse<String> lastHourOfOctober = send("POST", "/providers/Meterwise/prices",
                "[" + version.formatted("2026-10-31T23:00:00Z") + "]");
        HttpResponse<String> november = send("POST", "/providers/Meterwise/prices",
                version.formatted("2026-11-01T00:00:00Z"));

        assertError(inSeptember, 409, "PriceVersionInInvoicedPeriod");
        assertThat(json(inSeptember).at("/error/message").asString()).contains(sept.name(), oct.name(), "2026-09");
        assertError(lastHourOfOctober, 409, "PriceVersionInInvoicedPeriod");
        assertThat(json(lastHourOfOctober).at("/error/message").asString()).contains(oct.name())
                .doesNotContain(sept.name());
        assertThat(json(lastHourOfOctober).at("/error/target").asString()).isEqualTo("[0].effectiveFrom");
        assertThat(catalogStore.priceList(new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US"))
                .orElseThrow().versions(VM)).extracting(p -> p.effectiveFrom().toString())
                .doesNotContain("2026-09-10T00:00:00Z", "2026-10-31T23:00:00Z");
        assertThat(november.statusCode()).as(november.body()).isEqualTo(201);
    }
}

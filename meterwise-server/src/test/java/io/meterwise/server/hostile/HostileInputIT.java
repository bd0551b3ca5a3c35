package io.meterwise.server.hostile;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Input that is too big or too strange is refused at the door with a small 400 in the ARM envelope, and one tenant's
 * data never stops a service-wide job (issue 9, ADR 0015, 0016).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "meterwise.billing.scheduler-enabled=false")
class HostileInputIT {

    static final UUID SUB = UUID.fromString("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d");
    static final UUID BROKEN_SUB = UUID.fromString("9a0b1c2d-3e4f-4a5b-8c6d-000000000bad");
    static final UUID METER = UUID.fromString("9a0b1c2d-3e4f-4a5b-8c6d-111111111111");
    static final YearMonth CLOSED = YearMonth.now(ZoneOffset.UTC).minusMonths(2);
    static final String DAY = CLOSED.atDay(10).toString();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> TestDataDirs.create("hostile").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    CatalogStore catalog;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationContext context;
    @Autowired
    MeterRegistry metrics;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void catalog() {
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "", "US East", "1 Hour", List.of()));
        for (UUID id : List.of(SUB, BROKEN_SUB)) {
            Subscription sub = new Subscription(id, "Hostile " + id, SubscriptionState.ENABLED, "MS-AZR-0003P",
                    Currency.getInstance("USD"), "US", "tenant-" + id);
            catalog.putSubscription(sub);
            catalog.addPriceVersion(sub.priceListKey(),
                    MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.1")));
        }
    }

    static String record(String id, String quantityJson, int hour) {
        return "{\"recordId\":\"" + id + "\",\"subscriptionId\":\"" + SUB + "\",\"meterId\":\"" + METER
                + "\",\"quantity\":" + quantityJson + ",\"usageStartTime\":\"" + DAY + "T" + two(hour)
                + ":00:00Z\",\"usageEndTime\":\"" + DAY + "T" + two(hour + 1) + ":00:00Z\",\"resourceUri\":\""
                + "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1\"}";
    }

    static String two(int n) {
        return String.format("%02d", n);
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(TestTokens.from(context).operator()));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> ingest(String ndjson) throws Exception {
        return send("POST", "/providers/Meterwise/usage", "application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> json(String method, String path, String body) throws Exception {
        return send(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    long stored(String prefix) {
        return jdbc.queryForObject("SELECT count(*) FROM usage_record WHERE record_id LIKE ?", Long.class, prefix + "%");
    }

    static String price(String rate) {
        return "{\"offerDurableId\":\"MS-AZR-0003P\",\"currency\":\"USD\",\"regionInfo\":\"US\",\"meterId\":\"" + METER
                + "\",\"effectiveFrom\":\"2026-02-01T00:00:00Z\",\"rates\":{\"0\":" + rate + "}}";
    }

    static String offerWithCredit(String credit) {
        return "{\"name\":\"Credit\",\"type\":\"MSDN\",\"offerTerms\":[{\"Name\":\"Monetary Credit\","
                + "\"EffectiveDate\":\"2026-01-01T00:00:00Z\",\"Currency\":\"USD\",\"Credit\":" + credit + "}]}";
    }

    @Test
    void quantitiesAreBoundedSoEveryPeriodSumFitsAndBeyondIsRefusedAtTheDoor() throws Exception {
        HttpResponse<String> overflowing = ingest(record("qb-1", "\"99999999999999999999999999999\"", 1) + "\n"
                + record("qb-2", "\"1\"", 1));
        HttpResponse<String> largest = ingest(record("qb-max", "\"999999999999.999999999\"", 2));

        assertArmError(overflowing, 400, "InvalidUsageBatch");
        assertThat(overflowing.body()).contains("\"line\":1,\"field\":\"quantity\"", "must be less than 1000000000000");
        assertThat(stored("qb-")).isEqualTo(1);
        assertThat(largest.statusCode()).as(largest.body()).isEqualTo(200);
    }

    @Test
    void hugeExponentsAreRefusedBeforeExpansionWithSmallErrors() throws Exception {
        List<HttpResponse<String>> usage = List.of(
                ingest(record("he-1", "\"1e99999999\"", 1)),
                ingest(record("he-2", "1e999999999", 1)),
                ingest(record("he-3", "1e-999999999", 1)),
                ingest(record("he-4", "1", 1).replace("}", ",\"additionalInfo\":{\"n\":1e999999999}}")));
        for (HttpResponse<String> r : usage) {
            assertArmError(r, 400, "InvalidUsageBatch");
            assertThat(r.body().length()).isLessThan(2000);
        }
        List<HttpResponse<String>> catalogAnswers = List.of(
                json("POST", "/providers/Meterwise/prices", price("\"1e9999999\"")),
                json("POST", "/providers/Meterwise/prices", price("1e9999999")),
                json("POST", "/providers/Meterwise/prices", price("\"1e400\"")),
                json("PUT", "/providers/Meterwise/offers/MS-AZR-0063P", offerWithCredit("\"1e999999999\"")),
                json("PUT", "/providers/Meterwise/offers/MS-AZR-0063P", offerWithCredit("1e999999999")));
        for (HttpResponse<String> r : catalogAnswers) {
            assertArmError(r, 400, "InvalidRequestContent");
            assertThat(r.body().length()).isLessThan(2000);
        }
        assertThat(stored("he-")).isZero();
        assertThat(send("GET", "/providers/Meterwise/offers/MS-AZR-0063P", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void timesOutsideTheSupportedRangeAre400Everywhere() throws Exception {
        String v = "api-version=2015-06-01-preview";
        HttpResponse<String> aggregates = send("GET", "/subscriptions/" + SUB
                + "/providers/Microsoft.Commerce/UsageAggregates?" + v
                + "&reportedStartTime=-999999999-01-01T00:00:00Z&reportedEndTime=2026-01-01T00:00:00Z", null, null);
        HttpResponse<String> priceFrom = json("POST", "/providers/Meterwise/prices",
                price("\"1\"").replace("2026-02-01T00:00:00Z", "+999999999-01-01T00:00:00Z"));
        HttpResponse<String> issue = json("POST", "/providers/Meterwise/invoices/issue", "{\"period\":\"-999999999-01\"}");
        HttpResponse<String> usage = ingest(record("tr-1", "1", 1).replace(DAY, "1999-12-31"));
        assertThat(json("PUT", "/subscriptions/" + SUB + "/providers/Microsoft.Billing/invoiceSettings/default"
                + "?api-version=2017-04-24-preview", "{\"properties\":{\"invoiceDownloadOptIn\":true}}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> invoices = send("GET", "/subscriptions/" + SUB
                + "/providers/Microsoft.Billing/invoices?api-version=2017-04-24-preview&$filter="
                + URLEncoder.encode("invoicePeriodEndDate ge 9999-01-01", StandardCharsets.UTF_8), null, null);

        assertArmError(aggregates, 400, "InvalidReportedTime");
        assertArmError(priceFrom, 400, "InvalidRequestContent");
        assertArmError(issue, 400, "InvalidPeriod");
        assertArmError(usage, 400, "InvalidUsageBatch");
        assertThat(usage.body()).contains("\"field\":\"usageStartTime\"", "2000-01-01");
        assertArmError(invoices, 400, "InvalidFilter");
    }

    @Test
    void invalidUtf8IsRefusedWithItsLineNumber() throws Exception {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        ndjson.writeBytes((record("u8-1", "1", 1) + "\n" + record("u8-2", "1", 2) + "\n").getBytes(StandardCharsets.UTF_8));
        ndjson.writeBytes(record("u8-3", "1", 3).replace("vm1", "vm\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        ndjson.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        String csvText = "recordId,subscriptionId,meterId,quantity,usageStartTime,usageEndTime,resourceUri\n"
                + "u8c-1," + SUB + "," + METER + ",1," + DAY + "T01:00:00Z," + DAY + "T02:00:00Z,/subscriptions/" + SUB
                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm\u00e9\n";

        HttpResponse<String> nd = send("POST", "/providers/Meterwise/usage", "application/x-ndjson", ndjson.toByteArray());
        HttpResponse<String> csv = send("POST", "/providers/Meterwise/usage", "text/csv",
                csvText.getBytes(StandardCharsets.ISO_8859_1));

        assertArmError(nd, 400, "InvalidUsageBatch");
        assertThat(nd.body()).contains("\"line\":3", "not valid UTF-8");
        assertArmError(csv, 400, "InvalidUsageBatch");
        assertThat(csv.body()).contains("\"line\":2", "not valid UTF-8");
        assertThat(stored("u8")).isZero();
    }

    @Test
    void nonAsciiDigitsAreRefusedWithTheirLineNumber() throws Exception {
        HttpResponse<String> quantity = ingest(record("nd-1", "1", 1) + "\n" + record("nd-2", "\"\u0661\"", 2));
        HttpResponse<String> guid = ingest(record("nd-3", "1", 1).replace("\"meterId\":\"9a0b", "\"meterId\":\"\u0669a0b"));

        assertArmError(quantity, 400, "InvalidUsageBatch");
        assertThat(quantity.body()).contains("\"line\":2,\"field\":\"quantity\"");
        assertArmError(guid, 400, "InvalidUsageBatch");
        assertThat(guid.body()).contains("\"line\":1,\"field\":\"meterId\"");
        assertThat(stored("nd-")).isZero();
    }

    @Test
    void catalogFieldsHaveDocumentedMaximums() throws Exception {
        HttpResponse<String> longName = json("PUT", "/providers/Meterwise/offers/MS-AZR-0064P",
                "{\"name\":\"" + "n".repeat(5000) + "\",\"type\":\"PayAsYouGo\",\"offerTerms\":[]}");
        HttpResponse<String> longMeterName = json("PUT", "/providers/Meterwise/meters/" + UUID.randomUUID(),
                "{\"name\":\"" + "m".repeat(257) + "\",\"category\":\"c\",\"unit\":\"1\",\"tags\":[]}");

        assertArmError(longName, 400, "InvalidRequestContent");
        assertThat(longName.body()).contains("at most 256 characters").hasSizeLessThan(1000);
        assertArmError(longMeterName, 400, "InvalidRequestContent");
    }

    @Test
    void bodiesAreLimitedWhileTheyAreReadDeclaredOrChunked() throws Exception {
        String offer = "/providers/Meterwise/offers/MS-AZR-0065P";
        byte[] twoMegabytes = ("{\"name\":\"" + "n".repeat(2 * 1024 * 1024) + "\",\"type\":\"PayAsYouGo\","
                + "\"offerTerms\":[]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> declared = send("PUT", offer, "application/json", twoMegabytes);
        // no Content-Length: the limit must trip while reading, not after buffering
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + offer))
                .header("Authorization", TestTokens.bearer(TestTokens.from(context).operator()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(twoMegabytes)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertArmError(declared, 413, "RequestEntityTooLarge");
        assertArmError(chunked, 413, "RequestEntityTooLarge");
        assertThat(chunked.body()).contains("1048576 bytes").hasSizeLessThan(1000);
        assertThat(catalog.offer("MS-AZR-0065P")).isEmpty();
        // usage ingestion streams its body and has its own limits: a batch above the general limit is stored
        StringBuilder batch = new StringBuilder();
        int records = 0;
        while (batch.length() <= 1024 * 1024) {
            batch.append(record("big-" + records, "0.001", records % 23)).append('\n');
            records++;
        }
        HttpResponse<String> ingested = ingest(batch.toString());
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
        assertThat(stored("big-")).isEqualTo(records);
    }

    @Test
    void healthIsPublicAndReadyAndMetricsNeedTheOperator() throws Exception {
        ingest(record("mx-1", "1", 7));
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymousMetrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metricsPage = send("GET", "/actuator/prometheus", null, null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(anonymousMetrics.statusCode()).isEqualTo(401);
        assertThat(metricsPage.statusCode()).isEqualTo(200);
        assertThat(metricsPage.body()).contains("meterwise_usage_records_total", "meterwise_usage_batch_seconds",
                "meterwise_usage_batches_total", "meterwise_invoices_failed_total", "meterwise_invoices_issued_total",
                "http_server_requests_seconds");
    }

    @Test
    void oneSubscriptionThatCannotBeInvoicedDoesNotStopTheOthers() throws Exception {
        assertThat(ingest(record("iso-ok", "5", 4)).statusCode()).isEqualTo(200);
        // written past the door, as data from before the bounds could be: its period sum overflows DECIMAL(38, 9) in
        // DuckDB's sum, and its amount (sum x 0.1) the invoice's DECIMAL(38, 9) on PostgreSQL, whose sum is exact
        for (int i = 0; i < 20; i++) {
            jdbc.update("INSERT INTO usage_record VALUES (?, ?, ?, ?, 99999999999999999999999999999, ?, ?, ?, '', '{}', "
                    + "'{}', now()::TIMESTAMP)", 1_000_000 + i, "iso-bad-" + i, BROKEN_SUB, METER,
                    java.sql.Timestamp.valueOf(DAY + " 05:00:00"), java.sql.Timestamp.valueOf(DAY + " 06:00:00"),
                    "/subscriptions/" + BROKEN_SUB + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/x");
        }
        double failedBefore = metrics.counter("meterwise.invoices.failed").count();

        HttpResponse<String> issued = json("POST", "/providers/Meterwise/invoices/issue",
                "{\"period\":\"" + CLOSED + "\"}");
        HttpResponse<String> failures = send("GET", "/providers/Meterwise/invoices/issueFailures", null, null);

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.body()).contains("\"issued\":[\"", BROKEN_SUB.toString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM invoice WHERE subscription_id = ?", Long.class, SUB))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM invoice WHERE subscription_id = ?", Long.class,
                BROKEN_SUB)).isZero();
        assertThat(failures.statusCode()).isEqualTo(200);
        assertThat(failures.body()).contains("\"subscriptionId\":\"" + BROKEN_SUB + "\"",
                "\"period\":\"" + CLOSED + "\"", "\"reason\":").doesNotContain(SUB.toString());
        assertThat(metrics.counter("meterwise.invoices.failed").count()).isGreaterThan(failedBefore);
    }
}

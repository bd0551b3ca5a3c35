package io.meterwise.server.http.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8 items 1 and 2 through the public HTTP API (ADR 0020): a subscription's offer, currency and price list are
 * effective-dated plans, so billed usage is never re-priced and a currency change never blocks invoicing. Each test
 * has its own subscription and moves the one clock forward only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "meterwise.billing.scheduler-enabled=false")
class SubscriptionHistoryIT {

    static final String OFFER_A = "MS-AZR-0003P";
    static final String OFFER_B = "MS-AZR-0017P";
    /** 30.00 a month, recurring. */
    static final String OFFER_FEE = "MS-AZR-0145P";
    static final String METER = "8a1c0000-0000-4000-8000-000000000001";
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-03-01T00:00:00Z"));

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
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
    ApplicationContext context;

    @Autowired
    Invoices invoices;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    static int records;

    @BeforeEach
    void catalog() throws Exception {
        ok(send("PUT", "/providers/Meterwise/offers/" + OFFER_A, "{\"name\":\"A\",\"type\":\"PayAsYouGo\",\"offerTerms\":[]}"));
        ok(send("PUT", "/providers/Meterwise/offers/" + OFFER_B,
                "{\"name\":\"B\",\"type\":\"EnterpriseAgreement\",\"offerTerms\":[]}"));
        ok(send("PUT", "/providers/Meterwise/offers/" + OFFER_FEE, "{\"name\":\"Fee\",\"type\":\"PayAsYouGo\","
                + "\"offerTerms\":[{\"Name\":\"Recurring Charge\",\"EffectiveDate\":\"2025-01-01T00:00:00Z\","
                + "\"Currency\":\"USD\",\"RecurringCharge\":\"30.00\"}]}"));
        ok(send("PUT", "/providers/Meterwise/meters/" + METER, "{\"name\":\"Unit\",\"category\":\"Compute\","
                + "\"subCategory\":\"Units\",\"region\":\"US East\",\"unit\":\"1\",\"tags\":[]}"));
        ok(send("POST", "/providers/Meterwise/prices", "[" + price(OFFER_A, "USD", "US", "1.00") + ","
                + price(OFFER_B, "USD", "US", "2.00") + "," + price(OFFER_FEE, "USD", "US", "1.00") + "," + price(OFFER_A, "EUR", "DE", "0.90") + "]"));
    }

    static String price(String offer, String currency, String region, String rate) {
        return "{\"offerDurableId\":\"" + offer + "\",\"currency\":\"" + currency + "\",\"regionInfo\":\"" + region
                + "\",\"meterId\":\"" + METER + "\",\"effectiveFrom\":\"2026-01-01T00:00:00Z\",\"rates\":{\"0\":\""
                + rate + "\"}}";
    }

    static String subscription(String offer, String currency, String region, String extra) {
        return "{\"displayName\":\"History\",\"state\":\"Enabled\",\"offerDurableId\":\"" + offer + "\",\"currency\":\""
                + currency + "\",\"regionInfo\":\"" + region + "\",\"tenantId\":\"history.example\"" + extra + "}";
    }

    /** The issue's reproduction: offer A at 1.00, B at 2.00; March issued, moved to B, one late March unit. */
    @Test
    void aLateRecordIsPricedUnderTheOfferInForceForItsPeriod() throws Exception {
        UUID sub = UUID.randomUUID();
        CLOCK.set(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(send("PUT", "/providers/Meterwise/subscriptions/" + sub, subscription(OFFER_A, "USD", "US", ""))
                .statusCode()).isEqualTo(201);
        usage(sub, "2026-03-02T10:00:00Z", 100);
        CLOCK.set(Instant.parse("2026-04-05T00:00:00Z"));
        issue(sub, "2026-03");
        assertThat(invoice(sub, "2026-03").total().amount()).isEqualByComparingTo("100.00");

        HttpResponse<String> moved = send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_B, "USD", "US", ",\"effectiveFrom\":\"2026-04-01T00:00:00Z\""));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(json(moved).at("/offerDurableId").asString()).isEqualTo(OFFER_B);
        assertThat(json(moved).at("/plans/0/effectiveFrom").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(json(moved).at("/plans/0/offerDurableId").asString()).isEqualTo(OFFER_A);
        assertThat(json(moved).at("/plans/1/effectiveFrom").asString()).isEqualTo("2026-04-01T00:00:00Z");
        usage(sub, "2026-03-20T10:00:00Z", 1);
        usage(sub, "2026-04-10T10:00:00Z", 10);
        CLOCK.set(Instant.parse("2026-05-05T00:00:00Z"));
        issue(sub, "2026-04");

        Invoice april = invoice(sub, "2026-04");
        List<InvoiceLine> adjustments = april.lines().stream().filter(InvoiceLine::isAdjustment).toList();
        assertThat(adjustments).singleElement().satisfies(line -> {
            assertThat(line.adjustedPeriod()).isEqualTo(BillingPeriod.of(2026, 3));
            assertThat(line.quantity()).isEqualByComparingTo("1");
            assertThat(line.amount().amount()).isEqualByComparingTo("1.00");
        });
        assertThat(april.total().amount()).isEqualByComparingTo("21.00"); // 10 April units under B, 2.00 each
        assertThat(april.offerDurableId()).isEqualTo(OFFER_B);
        assertThat(invoice(sub, "2026-03").total().amount()).isEqualByComparingTo("100.00");
    }

    @Test
    void anOfferChangeTakesEffectFromTheNextPeriodUnlessAnUninvoicedOneIsNamed() throws Exception {
        UUID sub = UUID.randomUUID();
        CLOCK.set(Instant.parse("2026-06-01T00:00:00Z"));
        send("PUT", "/providers/Meterwise/subscriptions/" + sub, subscription(OFFER_A, "USD", "US", ""));
        usage(sub, "2026-06-03T00:00:00Z", 5);
        CLOCK.set(Instant.parse("2026-07-04T00:00:00Z"));
        issue(sub, "2026-06");

        HttpResponse<String> byDefault = send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_B, "USD", "US", ""));
        HttpResponse<String> intoInvoiced = send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_B, "USD", "US", ",\"effectiveFrom\":\"2026-06-01T00:00:00Z\""));
        HttpResponse<String> midMonth = send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_B, "USD", "US", ",\"effectiveFrom\":\"2026-07-15T00:00:00Z\""));

        assertThat(byDefault.statusCode()).as(byDefault.body()).isEqualTo(200);
        assertThat(json(byDefault).at("/offerDurableId").asString()).isEqualTo(OFFER_A); // B is scheduled
        assertThat(json(byDefault).at("/plans/1/effectiveFrom").asString()).isEqualTo("2026-08-01T00:00:00Z");
        assertThat(intoInvoiced.statusCode()).isEqualTo(409);
        assertThat(json(intoInvoiced).at("/error/code").asString()).isEqualTo("SubscriptionChangeInInvoicedPeriod");
        assertThat(json(intoInvoiced).at("/error/message").asString())
                .contains(invoice(sub, "2026-06").name(), "2026-07-01T00:00:00Z");
        assertThat(midMonth.statusCode()).isEqualTo(400);
        assertThat(json(midMonth).at("/error/target").asString()).isEqualTo("effectiveFrom");
        JsonNode stored = json(send("GET", "/providers/Meterwise/subscriptions/" + sub, null));
        assertThat(stored.at("/plans")).hasSize(2);
        assertThat(stored.at("/plans/1/effectiveFrom").asString()).isEqualTo("2026-08-01T00:00:00Z");

        CLOCK.set(Instant.parse("2026-08-01T00:00:00Z"));
        assertThat(json(send("GET", "/providers/Meterwise/subscriptions/" + sub, null)).at("/offerDurableId")
                .asString()).isEqualTo(OFFER_B);
    }

    /**
     * A currency change once made every later issue fail with "cannot combine EUR with USD". It takes effect from the
     * next period; adjustments of a USD period stay in USD, on an invoice of their own next to the EUR one.
     */
    @Test
    void aCurrencyChangeTakesEffectFromTheNextPeriodAndAdjustmentsKeepTheirCurrency() throws Exception {
        UUID sub = UUID.randomUUID();
        CLOCK.set(Instant.parse("2026-09-01T00:00:00Z"));
        send("PUT", "/providers/Meterwise/subscriptions/" + sub, subscription(OFFER_A, "USD", "US", ""));
        usage(sub, "2026-09-02T10:00:00Z", 100);
        CLOCK.set(Instant.parse("2026-10-05T00:00:00Z"));
        issue(sub, "2026-09");

        HttpResponse<String> toEuro = send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_A, "EUR", "DE", ""));
        assertThat(toEuro.statusCode()).as(toEuro.body()).isEqualTo(200);
        usage(sub, "2026-09-20T10:00:00Z", 1);
        usage(sub, "2026-10-10T10:00:00Z", 10);
        CLOCK.set(Instant.parse("2026-11-05T00:00:00Z"));
        issue(sub, "2026-10");
        Invoice october = invoice(sub, "2026-10");
        assertThat(october.currency().getCurrencyCode()).isEqualTo("USD"); // the change applies from November
        assertThat(october.total().amount()).isEqualByComparingTo("11.00");

        usage(sub, "2026-10-20T10:00:00Z", 3);
        usage(sub, "2026-11-10T10:00:00Z", 10);
        CLOCK.set(Instant.parse("2026-12-05T00:00:00Z"));
        JsonNode issued = issue(sub, "2026-11");

        assertThat(issued.at("/issued")).hasSize(2);
        assertThat(issued.at("/failures")).isEmpty();
        List<Invoice> november = invoices.ofSubscription(sub).stream()
                .filter(i -> i.period().equals(BillingPeriod.of(2026, 11))).toList();
        assertThat(november).hasSize(2);
        Invoice euro = invoice(sub, "2026-11");
        assertThat(euro.currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(euro.total().amount()).isEqualByComparingTo("9.00");
        assertThat(euro.lines()).noneMatch(InvoiceLine::isAdjustment);
        Invoice dollars = november.stream().filter(i -> !i.equals(euro)).findFirst().orElseThrow();
        assertThat(dollars.currency().getCurrencyCode()).isEqualTo("USD");
        assertThat(dollars.number()).isEqualTo(euro.number() + 1);
        assertThat(dollars.lines()).singleElement().satisfies(line -> {
            assertThat(line.adjustedPeriod()).isEqualTo(BillingPeriod.of(2026, 10));
            assertThat(line.amount().amount()).isEqualByComparingTo("3.00");
        });
        assertThat(json(send("GET", "/providers/Meterwise/invoices/issueFailures", null)).toString())
                .doesNotContain(sub.toString());
        assertThat(json(send("GET", "/subscriptions/" + sub + "/providers/Microsoft.Billing/billingPeriods/202611-1"
                + "?api-version=2017-04-24-preview", null)).at("/properties/invoiceIds")).hasSize(2);
    }

    /** Issue 8 item 3 once checked only the subscriptions currently on a price list. */
    @Test
    void aPriceVersionInsideAPeriodInvoicedOnItsPriceListIsRefusedAfterTheSubscriptionMovedAway() throws Exception {
        UUID sub = UUID.randomUUID();
        CLOCK.set(Instant.parse("2027-01-01T00:00:00Z"));
        send("PUT", "/providers/Meterwise/subscriptions/" + sub, subscription(OFFER_A, "EUR", "DE", ""));
        usage(sub, "2027-01-02T10:00:00Z", 4);
        CLOCK.set(Instant.parse("2027-02-05T00:00:00Z"));
        issue(sub, "2027-01");
        ok(send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_B, "USD", "US", ",\"effectiveFrom\":\"2027-02-01T00:00:00Z\"")));

        HttpResponse<String> backDated = send("POST", "/providers/Meterwise/prices",
                price(OFFER_A, "EUR", "DE", "5.00").replace("2026-01-01", "2027-01-10"));

        assertThat(backDated.statusCode()).as(backDated.body()).isEqualTo(409);
        assertThat(json(backDated).at("/error/message").asString()).contains(invoice(sub, "2027-01").name());
    }

    /** Issue 8 item 8: a subscription created mid-month paid a whole month of its recurring charge. */
    @Test
    void aSubscriptionCreatedMidMonthPaysItsRecurringChargeForItsDaysOnly() throws Exception {
        UUID sub = UUID.randomUUID();
        CLOCK.set(Instant.parse("2028-04-16T00:00:00Z"));
        send("PUT", "/providers/Meterwise/subscriptions/" + sub, subscription(OFFER_FEE, "USD", "US", ""));
        CLOCK.set(Instant.parse("2028-06-05T00:00:00Z"));
        issue(sub, "2028-04");
        issue(sub, "2028-05");

        Invoice april = invoice(sub, "2028-04");
        assertThat(april.total().amount()).isEqualByComparingTo("15.00"); // 15 of April's 30 days
        assertThat(april.lines()).singleElement().satisfies(line -> assertThat(line.description())
                .isEqualTo("Recurring charge (prorated: 15.00 of 30 days)"));
        assertThat(invoice(sub, "2028-05").total().amount()).isEqualByComparingTo("30.00");
    }

    /**
     * Issue 8 item 5: disabled or deleted subscriptions kept receiving invoices with recurring charges. The last one
     * covers the final partial period; then none, unless late usage of a billed period arrives.
     */
    @Test
    void aDisabledSubscriptionGetsAFinalPartialInvoiceThenNoneButLateUsageIsStillBilled() throws Exception {
        UUID sub = UUID.randomUUID();
        CLOCK.set(Instant.parse("2029-06-01T00:00:00Z"));
        send("PUT", "/providers/Meterwise/subscriptions/" + sub, subscription(OFFER_FEE, "USD", "US", ""));
        usage(sub, "2029-07-02T10:00:00Z", 4);
        CLOCK.set(Instant.parse("2029-07-11T00:00:00Z"));
        ok(send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_FEE, "USD", "US", "").replace("Enabled", "Disabled")));
        CLOCK.set(Instant.parse("2029-08-20T00:00:00Z"));
        ok(send("PUT", "/providers/Meterwise/subscriptions/" + sub,
                subscription(OFFER_FEE, "USD", "US", "").replace("Enabled", "Deleted")));
        CLOCK.set(Instant.parse("2029-10-05T00:00:00Z"));
        JsonNode due = issueDue(sub);

        assertThat(due.at("/issued")).hasSize(2);
        assertThat(invoice(sub, "2029-06").total().amount()).isEqualByComparingTo("30.00");
        // 10 of July's 31 days: 30.00 x 10 / 31 = 9.68, and 4 units at 1.00
        assertThat(invoice(sub, "2029-07").total().amount()).isEqualByComparingTo("13.68");
        assertThat(invoices.ofSubscription(sub)).hasSize(2);

        usage(sub, "2029-07-05T10:00:00Z", 5);
        CLOCK.set(Instant.parse("2029-11-05T00:00:00Z"));
        assertThat(issueDue(sub).at("/issued")).hasSize(1);
        Invoice adjusting = invoices.ofSubscription(sub).get(0);
        assertThat(adjusting.period()).isEqualTo(BillingPeriod.of(2029, 8));
        assertThat(adjusting.lines()).singleElement().satisfies(line -> {
            assertThat(line.adjustedPeriod()).isEqualTo(BillingPeriod.of(2029, 7));
            assertThat(line.amount().amount()).isEqualByComparingTo("5.00");
        });
        CLOCK.set(Instant.parse("2030-01-05T00:00:00Z"));
        assertThat(issueDue(sub).at("/issued")).isEmpty();
        assertThat(invoices.ofSubscription(sub)).hasSize(3);
    }

    JsonNode issueDue(UUID sub) throws Exception {
        HttpResponse<String> response = send("POST", "/providers/Meterwise/invoices/issue",
                "{\"subscriptionId\":\"" + sub + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).at("/failures")).as(response.body()).isEmpty();
        return json(response);
    }

    JsonNode issue(UUID sub, String period) throws Exception {
        HttpResponse<String> response = send("POST", "/providers/Meterwise/invoices/issue",
                "{\"period\":\"" + period + "\",\"subscriptionId\":\"" + sub + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).at("/failures")).as(response.body()).isEmpty();
        return json(response);
    }

    Invoice invoice(UUID sub, String month) {
        return invoices.forPeriod(sub, new BillingPeriod(java.time.YearMonth.parse(month))).orElseThrow();
    }

    void usage(UUID sub, String start, int quantity) throws Exception {
        records++;
        String end = Instant.parse(start).plusSeconds(3600).toString();
        if (CLOCK.instant().isBefore(Instant.parse(end))) {
            CLOCK.set(Instant.parse(end)); // reported once used
        }
        io.meterwise.server.testing.StoreClock.set(jdbc, CLOCK.instant());
        HttpResponse<String> response = send("POST", "/providers/Meterwise/usage", "{\"recordId\":\"h" + records
                + "\",\"subscriptionId\":\"" + sub + "\",\"meterId\":\"" + METER + "\",\"quantity\":" + quantity
                + ",\"usageStartTime\":\"" + start + "\",\"usageEndTime\":\"" + end + "\",\"resourceUri\":"
                + "\"/subscriptions/" + sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm\","
                + "\"location\":\"eastus\",\"tags\":{},\"additionalInfo\":{}}\n", "application/x-ndjson");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    static JsonNode json(HttpResponse<String> response) {
        return SwaggerContract.JSON.readTree(response.body());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/json");
    }

    HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(TestTokens.from(context).operator())); // minted now: the clock moves
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.meterwise.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.limits.Decimals;
import io.meterwise.core.limits.Limits;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the public doors with hostile values (huge exponents, non-ASCII digits, extreme dates, control characters,
 * oversized and malformed text) over a real server: every answer is a 4xx in the ARM envelope (or a 200 for a query
 * that happens to be valid), never a 5xx, and nothing is stored. 10,400 cases per run (issue 9).
 */
class HostileInputFuzzTest {

    static final UUID SUB = UUID.fromString("7e57f022-0000-4000-8000-000000000001");
    static final UUID METER = UUID.fromString("7e57f022-0000-4000-8000-0000000000aa");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ConfigurableApplicationContext app;
    static String base;
    static String auth;
    static JdbcTemplate jdbc;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeContainer
    static void start() {
        app = new SpringApplicationBuilder(MeterwiseApplication.class).run("--server.port=0",
                "--meterwise.data-dir=" + TestDataDirs.create("fuzz"), "--meterwise.billing.scheduler-enabled=false",
                "--logging.level.root=WARN");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        auth = TestTokens.bearer(TestTokens.from(app).operator());
        jdbc = app.getBean(JdbcTemplate.class);
        CatalogStore catalog = app.getBean(CatalogStore.class);
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "", "US East", "1 Hour", List.of()));
        Subscription sub = new Subscription(SUB, "Fuzz", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "fuzz");
        catalog.putSubscription(sub);
        catalog.addPriceVersion(sub.priceListKey(),
                MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.1")));
    }

    @AfterContainer
    static void stop() {
        assertThat(stored()).as("nothing of the fuzzed input was stored").isEqualTo(List.of(0L, 1L, 1L, 1L, 1L));
        app.close();
    }

    static List<Long> stored() {
        return List.of(count("usage_record"), count("offer"), count("meter"), count("subscription"),
                count("price_version"));
    }

    static long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    // ---- hostile values

    static Arbitrary<String> hostileNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e999999999", "1e99999999", "-1e400", "1e-999999999", "1E+2147483647", "NaN",
                        "Infinity", "-0.0000000001", "99999999999999999999999999999", "1000000000000",
                        "0.0000000001", "\u0661", "\u0661\u0662", "\uff11", "1\u00a0", "0x10", "1_000", "", " ",
                        "--1", "1e", ".e1", "1.2.3"),
                Arbitraries.strings().withChars("0123456789eE+-.\u0660\u0966").ofMinLength(1).ofMaxLength(30),
                Arbitraries.integers().between(13, 400).map(n -> "9".repeat(n)),
                Arbitraries.integers().between(30, 5000).map(n -> "1e" + n))
                .filter(HostileInputFuzzTest::invalidEverywhere);
    }

    /** Not a decimal that some field accepts: every field refuses negatives and values from 1e12 on. */
    static boolean invalidEverywhere(String number) {
        try {
            BigDecimal value = Decimals.parse(number.strip());
            return value.signum() < 0 || value.compareTo(Limits.QUANTITY_LIMIT) >= 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    static Arbitrary<String> hostileTimes() {
        return Arbitraries.oneOf(
                Arbitraries.of("-999999999-01-01T00:00:00Z", "+999999999-01-01T00:00:00Z", "1999-12-31T23:00:00Z",
                        "2200-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
                        "\u0662026-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-01-01T25:00:00Z", "2026-01-01T00:00:00+25:00", "2026-01-01", "", "T", "\u0000",
                        "2026-01-01T00:00:00Z\r\n", "2026-01-01T00:00:00.0000000001Z"),
                Arbitraries.integers().between(-999_999_999, 999_999_999)
                        .filter(y -> y < 2000 || y > 2199)
                        .map(y -> (y < 0 ? "-" : y > 9999 ? "+" : "") + String.format("%04d", Math.abs(y))
                                + "-01-01T00:00:00Z"),
                Arbitraries.strings().withChars("0123456789-:TZ+. ").ofMaxLength(40));
    }

    static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("\u0000\u0001\t\r\n\"\\'%&=?/\u202e\ud800").ofMaxLength(20),
                Arbitraries.integers().between(257, 20_000).map("x"::repeat));
    }

    // ---- properties

    /** Usage lines with at least one hostile field are refused whole with 400 and their line. */
    @Property(tries = 3000)
    void ingestionLines(@ForAll("usageLines") String body) throws Exception {
        HttpResponse<String> r = send("POST", "/providers/Meterwise/usage", "application/x-ndjson", body);
        assertEnvelope(r, 400, 400);
    }

    @Provide
    Arbitrary<String> usageLines() {
        Arbitrary<String> quantity = Arbitraries.oneOf(hostileNumbers().map(HostileInputFuzzTest::quoted),
                hostileNumbers().filter(n -> n.matches("-?[0-9.eE+-]+") && !n.isEmpty()));
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 4);
        return Combinators.combine(which, quantity, hostileTimes(), hostileText())
                .as((w, q, t, text) -> switch (w) {
                    case 0 -> line("1", "\"2026-01-01T00:00:00Z\"", "\"r\"").replace("\"quantity\":1",
                            "\"quantity\":" + q);
                    case 1 -> line("1", quoted(t), "\"r\"");
                    case 2 -> line("1", "\"2026-01-01T00:00:00Z\"", quoted(text + "\u0000"));
                    case 3 -> line(q, quoted(t), quoted(text));
                    default -> line("1", "\"2026-01-01T00:00:00Z\"", "\"r\"").replace("\"" + METER + "\"",
                            quoted(text.length() == 36 ? text + "x" : text));
                });
    }

    static String line(String quantity, String start, String recordId) {
        return "{\"recordId\":" + recordId + ",\"subscriptionId\":\"" + SUB + "\",\"meterId\":\"" + METER
                + "\",\"quantity\":" + quantity + ",\"usageStartTime\":" + start
                + ",\"usageEndTime\":\"2026-01-01T01:00:00Z\",\"resourceUri\":\"/subscriptions/" + SUB
                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm\"}";
    }

    /** $filter strings of RateCard and Invoices: a 4xx in the envelope, or 200 for a filter that happens to be valid. */
    @Property(tries = 2400)
    void filters(@ForAll("filterStrings") String filter, @ForAll boolean rateCard) throws Exception {
        String path = rateCard
                ? "/subscriptions/" + SUB + "/providers/Microsoft.Commerce/RateCard?api-version=2016-08-31-preview"
                : "/subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices?api-version=2017-04-24-preview";
        HttpResponse<String> r = send("GET", path + "&$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8),
                null, null);
        assertEnvelope(r, 400, 499);
    }

    @Provide
    Arbitrary<String> filterStrings() {
        Arbitrary<String> value = Arbitraries.oneOf(hostileTimes(), hostileText(), hostileNumbers());
        Arbitrary<String> field = Arbitraries.of("OfferDurableId", "Currency", "Locale", "RegionInfo",
                "invoicePeriodEndDate", "invoicePeriodStartDate", "x", "");
        Arbitrary<String> op = Arbitraries.of("eq", "ge", "le", "lt", "gt", "ne", "or", "and", "'", "(");
        return Combinators.combine(field, op, value, Arbitraries.of("'", "", "\"")).as((f, o, v, q) ->
                f + " " + o + " " + q + v + q + " and " + f + " eq 'MS-AZR-0003P'");
    }

    /** Times of UsageAggregates windows. */
    @Property(tries = 2000)
    void times(@ForAll("timePairs") List<String> pair) throws Exception {
        HttpResponse<String> r = send("GET", "/subscriptions/" + SUB
                + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime="
                + URLEncoder.encode(pair.get(0), StandardCharsets.UTF_8) + "&reportedEndTime="
                + URLEncoder.encode(pair.get(1), StandardCharsets.UTF_8), null, null);
        assertEnvelope(r, 400, 499);
    }

    @Provide
    Arbitrary<List<String>> timePairs() {
        return Combinators.combine(hostileTimes(), Arbitraries.oneOf(hostileTimes(),
                Arbitraries.just("2026-01-02T00:00:00Z"))).as(List::of);
    }

    /** JSON bodies of the operator catalog API with a hostile number, time or text where one is not allowed. */
    @Property(tries = 3000)
    void jsonBodies(@ForAll("catalogBodies") List<String> request) throws Exception {
        HttpResponse<String> r = send(request.get(0), request.get(1), "application/json", request.get(2));
        assertEnvelope(r, 400, 499);
    }

    @Provide
    Arbitrary<List<String>> catalogBodies() {
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 5);
        return Combinators.combine(which, hostileNumbers(), hostileTimes(), hostileText()).as((w, n, t, text) ->
                switch (w) {
                    case 0 -> List.of("POST", "/providers/Meterwise/prices", price(quoted(n), "2026-02-01T00:00:00Z"));
                    case 1 -> List.of("POST", "/providers/Meterwise/prices", price("\"1\"", t));
                    case 2 -> List.of("PUT", "/providers/Meterwise/offers/MS-AZR-0063P", "{\"name\":\"Credit\","
                            + "\"type\":\"MSDN\",\"offerTerms\":[{\"Name\":\"Monetary Credit\",\"EffectiveDate\":"
                            + quoted(t.isEmpty() ? "2026-01-01T00:00:00Z" : "2026-01-01T00:00:00Z")
                            + ",\"Currency\":\"USD\",\"Credit\":" + quoted(n) + "}]}");
                    case 3 -> List.of("PUT", "/providers/Meterwise/offers/MS-AZR-0064P", "{\"name\":\"Terms\","
                            + "\"type\":\"PayAsYouGo\",\"offerTerms\":[{\"Name\":\"Recurring Charge\","
                            + "\"EffectiveDate\":" + quoted(t) + ",\"Currency\":\"USD\",\"RecurringCharge\":\"1\"}]}");
                    case 4 -> List.of("PUT", "/providers/Meterwise/meters/" + UUID.randomUUID(),
                            "{\"name\":" + quoted("x".repeat(257) + text) + ",\"category\":\"c\",\"unit\":\"1\"}");
                    default -> List.of("POST", "/providers/Meterwise/prices", "{\"offerDurableId\":\"MS-AZR-0003P\","
                            + "\"currency\":\"USD\",\"regionInfo\":\"US\",\"meterId\":" + quoted(text + "-") + ","
                            + "\"effectiveFrom\":\"2026-02-01T00:00:00Z\",\"rates\":{" + quoted(n) + ":\"1\"}}");
                });
    }

    static String price(String rate, String effectiveFrom) {
        return "{\"offerDurableId\":\"MS-AZR-0003P\",\"currency\":\"USD\",\"regionInfo\":\"US\",\"meterId\":\"" + METER
                + "\",\"effectiveFrom\":" + quoted(effectiveFrom) + ",\"rates\":{\"0\":" + rate + "}}";
    }

    // ---- plumbing

    static String quoted(String s) {
        return JSON.writeValueAsString(s);
    }

    static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A status in [low, high] with the ARM envelope, or a 200 when {@code low} allows queries that happen to be valid. */
    static void assertEnvelope(HttpResponse<String> r, int low, int high) {
        if (r.statusCode() == 200 && high > low) {
            return;
        }
        assertThat(r.statusCode()).as(r.body()).isBetween(low, high);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").get("code").asString()).isNotBlank();
        assertThat(body.get("code").asString()).isEqualTo(body.get("error").get("code").asString());
        assertThat(r.body().length()).as("error bodies stay small").isLessThan(64 * 1024);
    }
}

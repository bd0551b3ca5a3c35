package io.meterwise.server.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.EmbeddedPostgresStore;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two servers on one PostgreSQL database behave as one service (issue 10, ADR 0035): idempotent and atomic ingestion
 * whichever replica a batch reaches, late usage returned exactly once to a client that switches replicas, invoices
 * issued once with gapless numbers by both schedulers, and tokens and links minted by one replica honoured by the
 * other. The database's clock ({@code meterwise_now()}) is replaced by a settable one, so the test moves the time every
 * replica stamps and reads; the JVM clock stays the real one.
 */
class ReplicasIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String OFFER = "MS-AZR-0003P";
    static final UUID METER = UUID.fromString("7e000000-0000-4000-8000-000000000001");
    static final Path DATA_DIR = TestDataDirs.create("meterwise-replicas");

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static String url;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void twoServersOnOneDatabase() throws Exception {
        Assumptions.assumeTrue("postgres".equals(System.getProperty("meterwise.store")),
                "replicas need the shared store: this runs in the PostgreSQL execution of the suite");
        url = EmbeddedPostgresStore.url(DATA_DIR);
        a = start();
        b = start();
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_clock (t TIMESTAMPTZ NOT NULL)");
            s.execute("INSERT INTO test_clock VALUES ('2026-11-10T10:20:00Z')");
            s.execute("CREATE OR REPLACE FUNCTION meterwise_now() RETURNS TIMESTAMPTZ LANGUAGE SQL VOLATILE "
                    + "AS 'SELECT t FROM test_clock'");
        }
        CatalogStore catalog = a.getBean(CatalogStore.class);
        catalog.putOffer(new Offer(OFFER, "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "", "US East", "1 Hour", List.of()));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(MeterwiseApplication.class).run("--server.port=0",
                "--meterwise.store=postgres", "--meterwise.data-dir=" + DATA_DIR, "--meterwise.tls.enabled=false",
                "--meterwise.billing.issue-initial-delay=0s", "--meterwise.billing.issue-interval=200ms",
                "--meterwise.billing.page-size=1");
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    static void databaseClock(String instant) throws SQLException {
        try (Connection c = database(); PreparedStatement p = c.prepareStatement("UPDATE test_clock SET t = ?")) {
            p.setObject(1, OffsetDateTime.parse(instant));
            p.executeUpdate();
        }
    }

    /** A subscription of its own for each scenario, created on replica A only. */
    static UUID subscription(String tenant) {
        UUID id = UUID.randomUUID();
        CatalogStore catalog = a.getBean(CatalogStore.class);
        Subscription sub = new Subscription(id, "Replica " + id, SubscriptionState.ENABLED, OFFER,
                Currency.getInstance("USD"), "US", tenant);
        catalog.putSubscription(sub);
        catalog.addPriceVersion(sub.priceListKey(),
                MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.1")));
        return id;
    }

    static String base(ConfigurableApplicationContext server) {
        return "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
    }

    static String operator(ConfigurableApplicationContext server) {
        return TestTokens.bearer(TestTokens.from(server).operator());
    }

    static HttpResponse<String> send(ConfigurableApplicationContext server, String method, String path, String type,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
                : base(server) + path)).header("Authorization", operator(server));
        if (body != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> ingest(ConfigurableApplicationContext server, String ndjson) throws Exception {
        return send(server, "POST", "/providers/Meterwise/usage", "application/x-ndjson", ndjson);
    }

    static String record(String id, UUID sub, String quantity, String usageStart) {
        Instant start = Instant.parse(usageStart);
        return "{\"recordId\":\"" + id + "\",\"subscriptionId\":\"" + sub + "\",\"meterId\":\"" + METER
                + "\",\"quantity\":" + quantity + ",\"usageStartTime\":\"" + start + "\",\"usageEndTime\":\""
                + start.plus(Duration.ofHours(1)) + "\",\"resourceUri\":\"/subscriptions/" + sub
                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1\",\"location\":\"eastus\"}";
    }

    static String batch(String prefix, int from, int to, UUID sub, String quantity) {
        StringBuilder body = new StringBuilder();
        for (int i = from; i < to; i++) {
            body.append(record(prefix + i, sub, quantity, "2026-11-09T" + String.format("%02d", i % 24) + ":00:00Z"))
                    .append('\n');
        }
        return body.toString();
    }

    static long stored(UUID sub) {
        return new JdbcTemplate(a.getBean(javax.sql.DataSource.class)).queryForObject(
                "SELECT count(*) FROM usage_record WHERE subscription_id = ?", Long.class, sub);
    }

    static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<T>> futures = pool.invokeAll(calls);
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameBatchSentToBothReplicasIsStoredOnce() throws Exception {
        UUID sub = subscription("tenant-ingest");
        String body = batch("same-", 0, 200, sub, "1");

        List<HttpResponse<String>> responses = together(List.of(() -> ingest(a, body), () -> ingest(b, body)));

        long accepted = 0;
        long duplicates = 0;
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            accepted += JSON.readTree(r.body()).get("accepted").asLong();
            duplicates += JSON.readTree(r.body()).get("duplicates").asLong();
        }
        assertThat(accepted).isEqualTo(200);
        assertThat(duplicates).isEqualTo(200);
        assertThat(stored(sub)).isEqualTo(200);
    }

    @Test
    void ofTwoConflictingBatchesRacingOnTwoReplicasExactlyOneIsStoredWhole() throws Exception {
        UUID sub = subscription("tenant-ingest");
        String ones = batch("race-", 0, 100, sub, "1");
        String twos = batch("race-", 0, 100, sub, "2") + batch("only-in-twos-", 0, 100, sub, "2");

        List<HttpResponse<String>> responses = together(List.of(() -> ingest(a, ones), () -> ingest(b, twos)));

        List<HttpResponse<String>> won = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(won).as("exactly one batch wins: %s", responses.stream().map(HttpResponse::body).toList())
                .hasSize(1);
        HttpResponse<String> lost = responses.stream().filter(r -> r.statusCode() != 200).findFirst().orElseThrow();
        assertThat(lost.body()).contains("conflict");
        JdbcTemplate jdbc = new JdbcTemplate(a.getBean(javax.sql.DataSource.class));
        List<BigDecimal> quantities = jdbc.queryForList("SELECT DISTINCT quantity FROM usage_record "
                + "WHERE subscription_id = ?", BigDecimal.class, sub);
        assertThat(quantities).hasSize(1);
        boolean twosWon = quantities.get(0).compareTo(new BigDecimal("2")) == 0;
        assertThat(stored(sub)).isEqualTo(twosWon ? 200 : 100);
    }

    /**
     * A client polls consecutive reported-time windows, switching replicas between them, and usage reported late (for
     * an earlier usage hour, through the other replica) arrives in exactly one window. The windows are judged by the
     * database clock: the JVM clock (today) is far past them, yet a window the database has not reached is refused.
     */
    @Test
    void aPollingClientSwitchingReplicasReceivesLateUsageExactlyOnce() throws Exception {
        UUID sub = subscription("tenant-poll");
        databaseClock("2026-11-10T10:20:00Z");
        assertThat(ingest(a, record("poll-1", sub, "1", "2026-11-10T08:00:00Z")).statusCode()).isEqualTo(200);

        databaseClock("2026-11-10T10:59:00Z");
        assertThat(send(b, "GET", window(sub, "2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z"), null, null)
                .statusCode()).as("the database has not reached the window's end").isEqualTo(400);

        databaseClock("2026-11-10T11:05:00Z");
        Map<String, BigDecimal> first = lines(a, window(sub, "2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z"));
        assertThat(ingest(b, record("poll-late", sub, "5", "2026-11-10T08:00:00Z")).statusCode()).isEqualTo(200);

        databaseClock("2026-11-10T12:00:01Z");
        Map<String, BigDecimal> second = lines(b, window(sub, "2026-11-10T11:00:00Z", "2026-11-10T12:00:00Z"));
        Map<String, BigDecimal> firstAgain = lines(b, window(sub, "2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z"));

        assertThat(first).isEqualTo(Map.of("2026-11-10T08:00:00Z", new BigDecimal("1")));
        assertThat(second).isEqualTo(Map.of("2026-11-10T08:00:00Z", new BigDecimal("5")));
        assertThat(firstAgain).isEqualTo(first);
    }

    static String window(UUID sub, String start, String end) {
        return "/subscriptions/" + sub + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                + "&aggregationGranularity=Hourly&showDetails=false&reportedStartTime=" + start + "&reportedEndTime="
                + end;
    }

    /** Quantity per usage hour over all pages. */
    static Map<String, BigDecimal> lines(ConfigurableApplicationContext server, String path) throws Exception {
        Map<String, BigDecimal> result = new TreeMap<>();
        String next = path;
        while (next != null) {
            HttpResponse<String> response = send(server, "GET", next, null, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode line : page.get("value")) {
                String hour = Instant.parse(line.at("/properties/usageStartTime").asString().replace("+00:00", "Z"))
                        .toString();
                result.merge(hour, new BigDecimal(line.at("/properties/quantity").asString()), BigDecimal::add);
            }
            next = page.hasNonNull("nextLink") ? page.get("nextLink").asString() : null;
        }
        return result;
    }

    /**
     * Both replicas' schedulers run every 200 ms over the same closed period: every subscription gets exactly one
     * invoice, and each tenant's numbers are 1..n without gaps. A continuation token and a download link minted by one
     * replica work on the other.
     */
    @Test
    void bothSchedulersIssueEachInvoiceOnceWithGaplessNumbersAndLinksWorkOnEitherReplica() throws Exception {
        List<UUID> subs = new ArrayList<>();
        Map<UUID, String> tenantOf = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            String tenant = i % 2 == 0 ? "tenant-even" : "tenant-odd";
            UUID sub = subscription(tenant);
            subs.add(sub);
            tenantOf.put(sub, tenant);
            ConfigurableApplicationContext server = i % 2 == 0 ? a : b;
            assertThat(ingest(server, record("inv-" + i + "-1", sub, "10", "2026-10-05T00:00:00Z") + "\n"
                    + record("inv-" + i + "-2", sub, "4", "2026-10-06T00:00:00Z")
                    + (i == 0 ? "\n" + record("inv-0-september", sub, "3", "2026-09-06T00:00:00Z") : ""))
                    .statusCode()).isEqualTo(200);
        }
        JdbcTemplate jdbc = new JdbcTemplate(a.getBean(javax.sql.DataSource.class));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String in = String.join(",", subs.stream().map(s -> "'" + s + "'").toList());
        while (jdbc.queryForObject("SELECT count(*) FROM invoice WHERE subscription_id IN (" + in + ")", Long.class)
                < subs.size() + 1 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000); // a few more rounds of both schedulers: nothing more may be issued

        List<Map<String, Object>> invoices = jdbc.queryForList("SELECT subscription_id, period_month, tenant_id, "
                + "invoice_number FROM invoice WHERE subscription_id IN (" + in + ")");
        assertThat(invoices).hasSize(subs.size() + 1);
        Map<String, Set<Long>> numbers = new TreeMap<>();
        for (Map<String, Object> row : invoices) {
            numbers.computeIfAbsent((String) row.get("tenant_id"), t -> new HashSet<>())
                    .add(((Number) row.get("invoice_number")).longValue());
        }
        assertThat(numbers).containsEntry("tenant-even", Set.of(1L, 2L, 3L, 4L)).containsEntry("tenant-odd",
                Set.of(1L, 2L, 3L));

        UUID sub = subs.get(0);
        String list = "/subscriptions/" + sub + "/providers/Microsoft.Billing/invoices?api-version=2017-04-24-preview";
        assertThat(send(a, "PUT", "/subscriptions/" + sub + "/providers/Microsoft.Billing/invoiceSettings/default"
                + "?api-version=2017-04-24-preview", "application/json",
                "{\"properties\":{\"invoiceDownloadOptIn\":true}}").statusCode()).isEqualTo(200);
        HttpResponse<String> latest = send(a, "GET", "/subscriptions/" + sub
                + "/providers/Microsoft.Billing/invoices/latest?api-version=2017-04-24-preview", null, null);
        assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
        String link = JSON.readTree(latest.body()).at("/properties/downloadUrl/url").asString();
        String onB = base(b) + URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();
        HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create(onB)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).as("a link minted by replica A, downloaded from replica B").isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        HttpResponse<String> first = send(a, "GET", list, null, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        URI next = URI.create(JSON.readTree(first.body()).get("nextLink").asString());
        HttpResponse<String> second = send(b, "GET", base(b) + next.getRawPath() + "?" + next.getRawQuery(), null,
                null);
        assertThat(second.statusCode()).as("a continuation token minted by replica A, followed on replica B: %s",
                second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).at("/value/0/properties/invoicePeriodStartDate").asString())
                .isEqualTo("2026-09-01");
    }
}

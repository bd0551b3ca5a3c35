package io.meterwise.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.access.Role;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.usage.IngestionLog;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingestion log over HTTP: every batch sent to {@code POST /providers/Meterwise/usage} is listed by
 * {@code GET /providers/Meterwise/usageBatches} under the id of its {@code x-meterwise-batch-id} header, with its
 * counts; a rejected batch is listed and stored no record; only the operator may read the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UsageBatchesIT {

    static final UUID SUB = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1b7");
    static final UUID METER = UUID.fromString("11111111-1111-1111-1111-1111111111b7");
    static final String URI_PREFIX = "/subscriptions/" + SUB
            + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.ingest.max-batch-records", () -> "10");
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
    IngestionLog log;

    final HttpClient http = HttpClient.newHttpClient();
    final String day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toString()
            .substring(0, 10);

    @BeforeEach
    void catalog() {
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "", "US East", "1 Hour", List.of()));
        Subscription sub = new Subscription(SUB, "Batches", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant");
        catalog.putSubscription(sub);
        catalog.addPriceVersion(sub.priceListKey(),
                MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.1")));
        log.pruneBefore(Instant.now().plus(1, ChronoUnit.DAYS));
    }

    @Test
    void everyBatchIsListedWithItsCountsNewestFirstInPages() throws Exception {
        HttpResponse<String> stored = ingest(record("b-1", "1", 1) + "\n" + record("b-2", "2", 2) + "\n"
                + record("b-2", "2", 2));
        HttpResponse<String> resent = ingest(record("b-1", "1", 1) + "\n" + record("b-3", "3", 3));
        HttpResponse<String> invalid = ingest(record("b-4", "1", 4) + "\n" + record("b-5", "-1", 5) + "\n{no json");
        HttpResponse<String> conflict = ingest(record("b-6", "1", 6) + "\n" + record("b-1", "9", 1));

        assertThat(List.of(stored.statusCode(), resent.statusCode(), invalid.statusCode(), conflict.statusCode()))
                .containsExactly(200, 200, 400, 409);
        List<String> ids = new ArrayList<>();
        for (HttpResponse<String> r : List.of(conflict, invalid, resent, stored)) {
            ids.add(r.headers().firstValue("x-meterwise-batch-id").orElseThrow());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_record WHERE record_id LIKE 'b-%'", Long.class))
                .as("the rejected batches stored nothing").isEqualTo(3);

        JsonNode first = get("/providers/Meterwise/usageBatches?$top=3", TestTokens.from(context).operator(), 200);
        assertThat(first.get("value")).hasSize(3);
        String next = first.get("nextLink").asString();
        assertThat(next).startsWith("http://localhost:" + port + "/providers/Meterwise/usageBatches?")
                .contains("$top=3", "$skiptoken=");
        JsonNode second = get(next.substring(next.indexOf("/providers")), TestTokens.from(context).operator(), 200);
        assertThat(second.get("value")).hasSize(1);
        assertThat(second.has("nextLink")).isFalse();
        List<JsonNode> batches = new ArrayList<>();
        first.get("value").forEach(batches::add);
        second.get("value").forEach(batches::add);
        assertThat(batches).extracting(b -> b.get("batchId").asString()).containsExactlyElementsOf(ids);

        assertCounts(batches.get(3), "Stored", 3, 2, 1, 0);
        assertCounts(batches.get(2), "Stored", 2, 1, 1, 0);
        assertCounts(batches.get(1), "Rejected", 3, 0, 0, 3);
        assertCounts(batches.get(0), "Rejected", 2, 0, 0, 2);
        assertThat(batches.get(3).get("subscriptionIds").get(0).asString()).isEqualTo(SUB.toString());
        assertThat(batches.get(3).get("subscriptionCount").asLong()).isEqualTo(1);
        assertThat(batches.get(3).get("errors")).isEmpty();
        JsonNode invalidErrors = batches.get(1).get("errors");
        assertThat(invalidErrors).hasSize(2);
        assertThat(invalidErrors.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(invalidErrors.get(0).get("field").asString()).isEqualTo("quantity");
        assertThat(invalidErrors.get(1).get("line").asLong()).isEqualTo(3);
        assertThat(batches.get(0).get("errors").get(0).get("reason").asString())
                .contains("conflict", "'b-1'");
        assertThat(Instant.parse(batches.get(3).get("receivedAt").asString()))
                .isBefore(Instant.parse(batches.get(0).get("receivedAt").asString()));
    }

    @Test
    void onlyTheOperatorReadsTheLog() throws Exception {
        ingest(record("r-1", "1", 7));
        TestTokens tokens = TestTokens.from(context);

        JsonNode owner = get("/providers/Meterwise/usageBatches", tokens.withRole(Role.OWNER, SUB), 403);
        get("/providers/Meterwise/usageBatches", tokens.newPrincipal().token(), 403);

        assertThat(owner.get("error").get("code").asString()).isEqualTo("AuthorizationFailed");
        assertThat(get("/providers/Meterwise/usageBatches", tokens.operator(), 200).get("value")).hasSize(1);
    }

    @Test
    void aForeignOrAlteredPageTokenAndABadTopAreRefused() throws Exception {
        ingest(record("t-1", "1", 8));
        ingest(record("t-2", "1", 9));
        TestTokens tokens = TestTokens.from(context);
        String next = get("/providers/Meterwise/usageBatches?$top=1", tokens.operator(), 200).get("nextLink")
                .asString();
        String path = next.substring(next.indexOf("/providers"));

        assertThat(get(path.replace("$top=1", "$top=2"), tokens.operator(), 400).get("error").get("code")
                .asString()).isEqualTo("InvalidContinuationToken");
        assertThat(get("/providers/Meterwise/usageBatches?$top=0", tokens.operator(), 400).get("error").get("code")
                .asString()).isEqualTo("InvalidTop");
        assertThat(get(path, tokens.operator(), 200).get("value")).hasSize(1);
    }

    @Test
    void aBatchRefusedWhileBeingReadIsLoggedAsRejectedWithTheReason() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            body.append(record("big-" + i, "1", i)).append('\n');
        }

        HttpResponse<String> tooLarge = ingest(body.toString());

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        JsonNode batches = get("/providers/Meterwise/usageBatches", TestTokens.from(context).operator(), 200)
                .get("value");
        assertThat(batches).hasSize(1);
        JsonNode batch = batches.get(0);
        assertThat(batch.get("batchId").asString())
                .isEqualTo(tooLarge.headers().firstValue("x-meterwise-batch-id").orElseThrow());
        assertCounts(batch, "Rejected", 0, 0, 0, 0);
        assertThat(batch.get("errors").get(0).get("reason").asString()).startsWith("not stored: ").contains("10");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_record WHERE record_id LIKE 'big-%'", Long.class))
                .isZero();
    }

    private static void assertCounts(JsonNode batch, String status, long records, long accepted, long duplicates,
            long rejected) {
        assertThat(batch.get("status").asString()).isEqualTo(status);
        assertThat(List.of(batch.get("records").asLong(), batch.get("accepted").asLong(),
                batch.get("duplicates").asLong(), batch.get("rejected").asLong()))
                .as(batch.toString()).containsExactly(records, accepted, duplicates, rejected);
    }

    private String record(String id, String quantity, int hour) {
        return "{\"recordId\":\"" + id + "\",\"subscriptionId\":\"" + SUB + "\",\"meterId\":\"" + METER
                + "\",\"quantity\":" + quantity + ",\"usageStartTime\":\"" + day + "T" + String.format("%02d", hour)
                + ":00:00Z\",\"usageEndTime\":\"" + day + "T" + String.format("%02d", hour + 1)
                + ":00:00Z\",\"resourceUri\":\"" + URI_PREFIX + "vm1\",\"location\":\"eastus\"}";
    }

    private HttpResponse<String> ingest(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/providers/Meterwise/usage"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", TestTokens.bearer(TestTokens.from(context).operator()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String pathAndQuery, String token, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + pathAndQuery)).header("Authorization", TestTokens.bearer(token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}

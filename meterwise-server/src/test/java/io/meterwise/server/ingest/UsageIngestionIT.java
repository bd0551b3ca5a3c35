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
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.meterwise.server.testing.TestTokens;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UsageIngestionIT {

    static final UUID SUB = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    static final UUID METER = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final String URI_PREFIX = "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.ingest.max-batch-records", () -> "100");
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogStore catalog;

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    final String day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toString().substring(0, 10);

    @BeforeEach
    void catalog() {
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "", "US East", "1 Hour", List.of()));
        Subscription sub = new Subscription(SUB, "Dev", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant");
        catalog.putSubscription(sub);
        catalog.addPriceVersion(sub.priceListKey(),
                MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.1")));
    }

    String json(String id, String quantity, int hour) {
        return "{\"recordId\":\"" + id + "\",\"subscriptionId\":\"" + SUB + "\",\"meterId\":\"" + METER
                + "\",\"quantity\":" + quantity + ",\"usageStartTime\":\"" + day + "T" + String.format("%02d", hour)
                + ":00:00Z\",\"usageEndTime\":\"" + day + "T" + String.format("%02d", hour + 1)
                + ":00:00+00:00\",\"resourceUri\":\"" + URI_PREFIX + "vm1\",\"location\":\"eastus\","
                + "\"tags\":{\"env\":\"prod\"},\"additionalInfo\":{\"cores\":2}}";
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/providers/Meterwise/usage"))
                .header("Content-Type", contentType)
                .header("Authorization", TestTokens.bearer(TestTokens.from(context).operator())).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long stored(String prefix) {
        return jdbc.queryForObject("SELECT count(*) FROM usage_record WHERE record_id LIKE ?", Long.class, prefix + "%");
    }

    @Test
    void ndjsonBatchIsStoredAndResendingItGivesDuplicates() throws Exception {
        String body = json("nd-1", "1.5", 1) + "\n\n" + json("nd-2", "\"2.25\"", 2) + "\r\n";

        HttpResponse<String> first = post("application/x-ndjson", body);
        HttpResponse<String> again = post("application/x-ndjson; charset=utf-8", body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"accepted\":2,\"duplicates\":0,\"rejected\":0,\"errors\":[]}");
        assertThat(again.body()).isEqualTo("{\"accepted\":0,\"duplicates\":2,\"rejected\":0,\"errors\":[]}");
        assertThat(stored("nd-")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT additional_info_json FROM usage_record WHERE record_id = 'nd-1'",
                String.class)).isEqualTo("{\"cores\":\"2\"}");
    }

    @Test
    void csvBatchWithQuotedJsonFieldsIsStored() throws Exception {
        String body = "recordId,subscriptionId,meterId,quantity,usageStartTime,usageEndTime,resourceUri,location,tags,additionalInfo\r\n"
                + "csv-1," + SUB + "," + METER + ",3," + day + "T03:00:00Z," + day + "T04:00:00Z," + URI_PREFIX
                + "vm1,eastus,\"{\"\"env\"\":\"\"a,b\"\"}\",\r\n"
                + "csv-2," + SUB + "," + METER + ",0.5," + day + "T04:00:00Z," + day + "T05:00:00Z," + URI_PREFIX
                + "vm2,eastus,,\"{\"\"note\"\":\n\"\"two lines\"\"}\"\r\n";

        HttpResponse<String> response = post("text/csv", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":2");
        assertThat(jdbc.queryForObject("SELECT tags_json FROM usage_record WHERE record_id = 'csv-1'", String.class))
                .isEqualTo("{\"env\":\"a,b\"}");
    }

    @Test
    void invalidRecordsAreAllListedAndNothingIsStored() throws Exception {
        String body = json("bad-1", "1", 1) + "\n"
                + json("bad-2", "-1", 2) + "\n"
                + "{not json\n"
                + json("bad-4", "1", 3).replace(METER.toString(), "not-a-guid") + "\n"
                + json("bad-5", "1", 23).replace(day + "T24:00:00+00:00", day + "T23:30:00Z").replace("T23:00:00Z",
                        "T23:45:00Z");

        HttpResponse<String> response = post("application/x-ndjson", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"InvalidUsageBatch\"", "\"accepted\":0", "\"rejected\":5",
                "{\"line\":2,\"field\":\"quantity\"", "{\"line\":3,\"field\":\"\"",
                "{\"line\":4,\"field\":\"meterId\"", "{\"line\":5,\"field\":\"usageEndTime\"");
        assertThat(stored("bad-")).isZero();
    }

    @Test
    void aChangedRecordIsAConflictAndNothingOfItsBatchIsStored() throws Exception {
        assertThat(post("application/x-ndjson", json("cf-1", "1", 5)).statusCode()).isEqualTo(200);

        HttpResponse<String> response = post("application/x-ndjson", json("cf-2", "1", 6) + "\n" + json("cf-1", "7", 5));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("\"code\":\"UsageRecordConflict\"", "{\"line\":2,\"field\":\"recordId\"");
        assertThat(stored("cf-")).isEqualTo(1);
    }

    @Test
    void otherContentTypesAndOversizedBatchesAreRefused() throws Exception {
        HttpResponse<String> json = post("application/json", json("ct-1", "1", 1));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            big.append(json("big-" + i, "1", 1)).append('\n');
        }
        HttpResponse<String> tooLarge = post("application/x-ndjson", big.toString());

        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.body()).contains("\"code\":\"UnsupportedMediaType\"");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("UsageBatchTooLarge", "at most 100");
        assertThat(stored("big-")).isZero();
    }
}

package io.meterwise.server.testing;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real server on a random port over a temp data dir, with the clock fixed at {@link #NOW}; helpers to seed the
 * catalog (through {@link CatalogStore}) and usage (plain SQL into {@code usage_record}) and to call the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CommerceApiTestSupport.FixedClock.class)
public abstract class CommerceApiTestSupport {

    public static final Instant NOW = Instant.parse("2018-01-01T00:00:00Z");
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter SQL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** One data dir per JVM: subclasses share the cached Spring context, so they share its data dir too. */
    static final Path dataDir = TestDataDirs.create("meterwise-commerce-it");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedTestClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected CatalogStore catalog;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected ApplicationContext context;

    private String operatorToken;

    /** The store's clock stands at {@link #NOW} too (on PostgreSQL it is the database's). */
    @org.junit.jupiter.api.BeforeEach
    void storeClockAtNow() {
        StoreClock.set(jdbc, NOW);
    }

    protected final HttpClient http = HttpClient.newHttpClient();

    protected String base() {
        return "http://localhost:" + port;
    }

    protected HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
                : base() + pathAndQuery)).GET().build());
    }

    /** Sends as the operator unless the request already carries an Authorization header. */
    protected HttpResponse<String> send(HttpRequest request) throws Exception {
        if (request.headers().firstValue("Authorization").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", TestTokens.bearer(operatorToken())).build();
        }
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected String operatorToken() {
        if (operatorToken == null) {
            operatorToken = TestTokens.from(context).operator();
        }
        return operatorToken;
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected void payAsYouGo() {
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
    }

    protected UUID subscription(UUID id) {
        payAsYouGo();
        catalog.putSubscription(new Subscription(id, "Test " + id, SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant-1"));
        return id;
    }

    protected UUID meter(UUID id, String name, String category, String subCategory, String region, String unit) {
        catalog.putMeter(new Meter(id, name, category, subCategory, region, unit, List.of()));
        return id;
    }

    /** Appends one usage record with the next ingest sequence number, as the ledger would. */
    protected void usage(UUID subscription, UUID meter, String quantity, Instant usageStart, String resourceUri,
            String location, String tagsJson, String additionalInfoJson, Instant reportedAt) {
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) + 1 FROM usage_record), "
                + "?, ?::UUID, ?::UUID, ?::DECIMAL(38,9), ?::TIMESTAMP, ?::TIMESTAMP, ?, ?, ?, ?, ?::TIMESTAMP",
                UUID.randomUUID().toString(), subscription.toString(), meter.toString(), new BigDecimal(quantity)
                        .toPlainString(),
                SQL_TIME.format(usageStart), SQL_TIME.format(usageStart.plusSeconds(3600)), resourceUri, location,
                tagsJson, additionalInfoJson, SQL_TIME.format(reportedAt));
    }

    protected static String vm(UUID subscription, String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/"
                + name;
    }
}

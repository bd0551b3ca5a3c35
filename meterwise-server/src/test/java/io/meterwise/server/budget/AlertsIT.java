package io.meterwise.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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

import io.meterwise.core.budget.AlertEvaluation;
import io.meterwise.core.budget.AlertStore;
import io.meterwise.core.budget.BudgetStore;
import io.meterwise.core.budget.LedgerSpendMeter;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.NotificationOutbox;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.server.testing.AzureSchemas;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end over HTTP: usage ingested in batches crosses a budget's forecasted 110 %, then 50 %, 90 % and 100 %
 * (actual); each threshold fires exactly once (one notice in the outbox, one alert), a batch sent twice and repeated
 * evaluations fire nothing more, and evaluation after a "restart" (a new {@link AlertEvaluation} over the same stores)
 * neither fires again nor loses a notice the outbox refused before it. The alerts API lists, reads and dismisses them,
 * conforming to both Cost Management api-versions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "meterwise.billing.scheduler-enabled=false", "meterwise.alerts.evaluation-initial-delay=1h"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT {

    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-03-10T12:00:00Z"));
    static final Path DATA = TestDataDirs.create("meterwise-alerts-it");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID SUB = UUID.fromString("a1e7a1e7-0000-4000-8000-000000000001");
    static final UUID METER = UUID.fromString("a1e7a1e7-0000-4000-8000-0000000000f1");

    /** The outbox as delivery would be: idempotent on the notice id; it can be made to refuse for a while. */
    static final class RecordingOutbox implements NotificationOutbox {
        final Map<String, AlertNotice> notices = Collections.synchronizedMap(new LinkedHashMap<>());
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        @Override
        public void enqueue(AlertNotice notice) {
            calls.incrementAndGet();
            if (down) {
                throw new IllegalStateException("outbox unavailable");
            }
            notices.putIfAbsent(notice.id(), notice);
        }
    }

    static final RecordingOutbox OUTBOX = new RecordingOutbox();

    @TestConfiguration
    static class Fixtures {
        @Bean
        @Primary
        Clock alertsClock() {
            return CLOCK;
        }

        /** Primary: once delivery has its own outbox bean, this one still receives the notices here. */
        @Bean
        @Primary
        NotificationOutbox testOutbox() {
            return OUTBOX;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    CatalogStore catalog;
    @Autowired
    BudgetStore budgets;
    @Autowired
    AlertStore alerts;
    @Autowired
    LedgerSpendMeter meter;
    @Autowired
    AlertEvaluation evaluation;

    final HttpClient http = HttpClient.newHttpClient();
    String token;
    int records;

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        if (token == null) {
            token = TestTokens.from(context).operator();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(token))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One batch: {@code hours} of the 1 USD meter on each day given (day of March 2026, at 10:00). */
    private String batch(int hours, int... days) {
        StringBuilder ndjson = new StringBuilder();
        for (int day : days) {
            String start = String.format("2026-03-%02dT10:00:00Z", day);
            String end = String.format("2026-03-%02dT11:00:00Z", day);
            ndjson.append("{\"recordId\":\"r").append(++records).append("\",\"subscriptionId\":\"").append(SUB)
                    .append("\",\"meterId\":\"").append(METER).append("\",\"quantity\":").append(hours)
                    .append(",\"usageStartTime\":\"").append(start).append("\",\"usageEndTime\":\"").append(end)
                    .append("\",\"resourceUri\":\"/subscriptions/").append(SUB)
                    .append("/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/vm1\",")
                    .append("\"location\":\"eastus\"}\n");
        }
        return ndjson.toString();
    }

    private void ingest(String ndjson) throws Exception {
        HttpResponse<String> r = send("POST", "/providers/Meterwise/usage", ndjson, "application/x-ndjson");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private List<String> firedThresholds() {
        List<String> out = new ArrayList<>();
        OUTBOX.notices.values().forEach(n -> out.add(n.thresholdType() + " " + n.thresholdPercent().toPlainString()));
        return out;
    }

    private static final String BUDGET = "{\"properties\":{\"category\":\"Cost\",\"amount\":100,\"timeGrain\":"
            + "\"Monthly\",\"timePeriod\":{\"startDate\":\"2026-03-01T00:00:00Z\",\"endDate\":\"2026-12-31T00:00:00Z\"},"
            + "\"notifications\":{"
            + "\"actual50\":{\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":50,"
            + "\"contactEmails\":[\"finance@contoso.com\"],\"contactGroups\":[\"finance-hook\"]},"
            + "\"actual90\":{\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":90,"
            + "\"contactEmails\":[\"finance@contoso.com\"],\"contactGroups\":[\"finance-hook\"]},"
            + "\"actual100\":{\"enabled\":true,\"operator\":\"GreaterThanOrEqualTo\",\"threshold\":100,"
            + "\"contactEmails\":[\"finance@contoso.com\"],\"contactGroups\":[\"finance-hook\"],\"locale\":\"de-de\"},"
            + "\"forecast110\":{\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":110,"
            + "\"thresholdType\":\"Forecasted\",\"contactEmails\":[\"finance@contoso.com\"]},"
            + "\"disabled10\":{\"enabled\":false,\"operator\":\"GreaterThan\",\"threshold\":10,"
            + "\"contactEmails\":[\"nobody@contoso.com\"]}}}}";

    @Test
    @Order(1)
    void eachThresholdFiresOnceAsBatchesCrossIt() throws Exception {
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "Dv3 Series", "US East", "1 Hour", List.of()));
        Subscription s = new Subscription(SUB, "Alerts", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant-1");
        catalog.putSubscription(s);
        catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(METER, Instant.parse("2026-01-01T00:00:00Z"),
                BigDecimal.ONE));
        HttpResponse<String> put = send("PUT", "/subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets/"
                + "march?api-version=2024-08-01", BUDGET, "application/json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        // 5 USD a day for nine days: 45 spent, about 155 forecast: only the forecasted 110 % fires
        ingest(batch(5, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(firedThresholds()).containsExactly("Forecasted 110");
        JsonNode budget = json(send("GET", "/subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets/march"
                + "?api-version=2021-10-01", null, null));
        assertThat(budget.get("properties").get("currentSpend").get("amount").decimalValue())
                .isEqualByComparingTo("45.00");
        assertThat(budget.get("properties").get("forecastSpend").get("amount").decimalValue())
                .isGreaterThan(new BigDecimal("110"));

        String tenMore = batch(10, 10);
        ingest(tenMore);
        assertThat(firedThresholds()).containsExactly("Forecasted 110", "Actual 50");
        ingest(tenMore); // the same batch again stores nothing and fires nothing
        evaluation.evaluate(SUB);
        evaluation.evaluateAll();
        assertThat(firedThresholds()).containsExactly("Forecasted 110", "Actual 50");

        ingest(batch(36, 10));
        assertThat(firedThresholds()).containsExactly("Forecasted 110", "Actual 50", "Actual 90");
        ingest(batch(9, 10));
        assertThat(firedThresholds()).containsExactly("Forecasted 110", "Actual 50", "Actual 90", "Actual 100");
        AlertNotice hundred = OUTBOX.notices.values().stream().filter(n -> n.thresholdPercent().intValue() == 100)
                .findFirst().orElseThrow();
        assertThat(hundred.observed()).isEqualByComparingTo("100.00");
        assertThat(hundred.limit()).isEqualByComparingTo("100");
        assertThat(hundred.locale()).isEqualTo("de-de");
        assertThat(hundred.contactGroups()).containsExactly("finance-hook");
        assertThat(hundred.periodStart()).hasToString("2026-03-01");
        assertThat(hundred.periodEnd()).hasToString("2026-03-31");
        assertThat(hundred.scope()).isEqualTo("/subscriptions/" + SUB);
        assertThat(alerts.notEnqueued()).isEmpty();
        assertThat(OUTBOX.calls.get()).isEqualTo(4);
    }

    @Test
    @Order(2)
    void aRestartNeitherFiresAgainNorLosesANoticeTheOutboxRefused() throws Exception {
        int before = OUTBOX.notices.size();
        // the outbox is down while a usage rule fires: the alert is stored, its notice not recorded as enqueued
        String rule = "{\"properties\":{\"category\":\"Usage\",\"meterId\":\"" + METER + "\",\"amount\":50,"
                + "\"timeGrain\":\"Monthly\",\"timePeriod\":{\"startDate\":\"2026-03-01T00:00:00Z\"},"
                + "\"notifications\":{\"hours\":{\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":100,"
                + "\"contactEmails\":[\"ops@contoso.com\"]}}}}";
        OUTBOX.down = true;
        HttpResponse<String> put = send("PUT", "/subscriptions/" + SUB + "/resourceGroups/web/providers/Meterwise/"
                + "usageAlertRules/vm-hours", rule, "application/json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        AlertEvaluation.Report report = evaluation.evaluate(SUB);
        assertThat(report.failures()).hasSize(1);
        assertThat(alerts.notEnqueued()).hasSize(1);
        assertThat(OUTBOX.notices).hasSize(before);

        // "restart": a new evaluation over the same stores, the outbox back
        OUTBOX.down = false;
        AlertEvaluation restarted = new AlertEvaluation(budgets, alerts, meter, OUTBOX, CLOCK);
        assertThat(restarted.enqueuePending()).isEqualTo(1);
        assertThat(restarted.evaluate(SUB).fired()).isEmpty();
        assertThat(restarted.enqueuePending()).isZero();
        assertThat(OUTBOX.notices).hasSize(before + 1);
        AlertNotice usage = OUTBOX.notices.values().stream().filter(n -> n.kind() == AlertNotice.Kind.USAGE)
                .findFirst().orElseThrow();
        assertThat(usage.observed()).isEqualByComparingTo("100");
        assertThat(usage.unit()).isEqualTo("1 Hour");
        assertThat(usage.scope()).isEqualTo("/subscriptions/" + SUB + "/resourceGroups/web");
    }

    @Test
    @Order(3)
    void theAlertsApiListsReadsAndDismissesConformingToBothVersions() throws Exception {
        String dismiss = io.meterwise.server.testing.CommerceSchemas.read("/azure-specs/costmanagement/2022-10-01/"
                + "examples/DismissSubscriptionAlerts.json").get("parameters").get("parameters").toString();
        for (String version : List.of("2022-10-01", "2023-03-01")) {
            AzureSchemas schema = new AzureSchemas("/azure-specs/costmanagement/" + version + "/costmanagement.json",
                    List.of("AlertProperties"), List.of());
            HttpResponse<String> list = send("GET", "/subscriptions/" + SUB + "/providers/Microsoft.CostManagement/"
                    + "alerts?api-version=" + version, null, null);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(schema.violations("AlertsResult", json(list))).isEmpty();
            JsonNode value = json(list).get("value");
            assertThat(value).hasSize(5);
            JsonNode rgList = json(send("GET", "/subscriptions/" + SUB + "/resourceGroups/WEB/providers/"
                    + "Microsoft.CostManagement/alerts?api-version=" + version, null, null)).get("value");
            assertThat(rgList).hasSize(1);
            assertThat(rgList.get(0).get("properties").get("definition").get("criteria").asString())
                    .isEqualTo("UsageThresholdExceeded");

            JsonNode ninety = null;
            for (JsonNode a : value) {
                if (a.get("properties").get("details").get("triggeredBy").asString().equals("actual90")) {
                    ninety = a;
                }
            }
            assertThat(ninety).isNotNull();
            JsonNode d = ninety.get("properties").get("details");
            assertThat(d.get("threshold").decimalValue()).isEqualByComparingTo("0.9");
            assertThat(d.get("currentSpend").decimalValue()).isEqualByComparingTo("91.00");
            assertThat(d.get("amount").decimalValue()).isEqualByComparingTo("100");
            assertThat(d.get("periodStartDate").asString()).isEqualTo("2026-03-01T00:00:00Z");
            assertThat(d.get("timeGrainType").asString()).isEqualTo("Monthly");
            assertThat(ninety.get("properties").get("costEntityId").asString()).isEqualTo("march");
            String id = ninety.get("id").asString();
            HttpResponse<String> one = send("GET", id + "?api-version=" + version, null, null);
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(schema.violations("Alert", json(one))).isEmpty();

            String status = version.equals("2022-10-01") ? "Dismissed" : "Active";
            HttpResponse<String> patched = send("PATCH", id + "?api-version=" + version, status.equals("Dismissed")
                    ? dismiss : "{\"properties\":{\"status\":\"" + status + "\"}}", "application/json");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            assertThat(schema.violations("Alert", json(patched))).isEmpty();
            // the spec's dismiss example: its request is what we accept, its answer has the fields ours has
            JsonNode example = io.meterwise.server.testing.CommerceSchemas.read(
                    "/azure-specs/costmanagement/2022-10-01/examples/DismissSubscriptionAlerts.json");
            JsonNode exampleAnswer = example.get("responses").get("200").get("body").get("properties");
            exampleAnswer.properties().forEach(f -> {
                if (!f.getKey().equals("closeTime")) {
                    assertThat(json(patched).get("properties").has(f.getKey())).as(f.getKey()).isTrue();
                }
            });
            exampleAnswer.get("details").properties().forEach(f -> {
                if (!f.getKey().equals("overridingAlert")) {
                    assertThat(json(patched).get("properties").get("details").has(f.getKey())).as(f.getKey())
                            .isTrue();
                }
            });
            assertThat(json(patched).get("properties").get("status").asString()).isEqualTo(status);
            assertThat(json(patched).get("properties").get("statusModificationUserName").asString()).isNotBlank();
            assertThat(json(send("GET", id + "?api-version=" + version, null, null)).get("properties").get("status")
                    .asString()).isEqualTo(status);

            HttpResponse<String> bad = send("PATCH", id + "?api-version=" + version,
                    "{\"properties\":{\"status\":\"Resolved\"}}", "application/json");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json(bad).get("error").get("target").asString()).isEqualTo("properties.status");
            HttpResponse<String> missing = send("GET", "/subscriptions/" + SUB + "/providers/Microsoft.CostManagement/"
                    + "alerts/" + UUID.randomUUID() + "?api-version=" + version, null, null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(schema.violations("ErrorResponse", json(missing))).isEmpty();
        }
        // a dismissed alert stays fired: evaluation does not fire its threshold again
        assertThat(evaluation.evaluate(SUB).fired()).isEmpty();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}

package io.meterwise.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.NotificationOutbox;
import io.meterwise.core.notify.WebhookSignature;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook endpoints over HTTP and deliveries to a real HTTP target: registration and its validation, a signed body in
 * Azure's budget-alert shape, retries with backoff through two failures, exactly one accepted delivery per alert
 * (also when the alert is enqueued again), redirects to other hosts not followed, and the delivery log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "meterwise.billing.scheduler-enabled=false", "meterwise.notify.poll-interval=100ms",
        "meterwise.notify.initial-delay=300ms", "meterwise.notify.max-delay=2s", "meterwise.notify.max-attempts=5"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SUB = "7e57a1e7-0000-4000-8000-00000000d001";
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = TestDataDirs.create("meterwise-webhooks");
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    NotificationOutbox outbox;
    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    WebhookReceiver receiver;
    WebhookReceiver elsewhere;
    String operator;

    @BeforeAll
    void setUp() throws Exception {
        receiver = WebhookReceiver.start();
        elsewhere = WebhookReceiver.start();
        operator = TestTokens.from(context).operator();
    }

    @AfterAll
    void tearDown() {
        receiver.close();
        elsewhere.close();
    }

    static AlertNotice notice(String id, String... groups) {
        return new AlertNotice(id, "/subscriptions/" + SUB + "/resourceGroups/web", "monthly-web",
                AlertNotice.Kind.COST, "Actual", "GreaterThan", new BigDecimal("90"), new BigDecimal("1000"),
                new BigDecimal("905.12"), "USD", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"),
                Instant.parse("2026-10-20T13:45:00Z"), List.of(), List.of(groups), List.of(), "en-us");
    }

    @Test
    void aSignedDeliveryIsRetriedThroughTwoFailuresAndAcceptedExactlyOnce() throws Exception {
        HttpResponse<String> created = send("PUT", "/providers/Meterwise/webhooks/Ops-Hook",
                "{\"url\":\"" + receiver.url("/budget") + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = JSON.readTree(created.body()).get("secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(send("GET", "/providers/Meterwise/webhooks/ops-hook", null).body()).doesNotContain(secret)
                .contains(receiver.url("/budget"));
        assertThat(send("GET", "/providers/Meterwise/webhooks", null).body()).doesNotContain(secret)
                .contains("\"name\":\"Ops-Hook\"");

        receiver.script(500, 503);
        AlertNotice notice = notice("alert-retry-1",
                "/subscriptions/" + SUB + "/resourceGroups/web/providers/microsoft.insights/actionGroups/Ops-Hook");
        outbox.enqueue(notice);
        outbox.enqueue(notice);
        List<WebhookReceiver.Received> got = receiver.await(r -> r.stream().anyMatch(x -> x.answered() == 200),
                Duration.ofSeconds(30));
        Thread.sleep(1500); // anything sent after acceptance would arrive within the retry waits
        got = receiver.received().stream().filter(r -> r.path().equals("/budget")).toList();

        assertThat(got).extracting(WebhookReceiver.Received::answered).containsExactly(500, 503, 200);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(550));
        String deliveryId = got.get(0).header(WebhookSignature.DELIVERY_HEADER);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.header(WebhookSignature.DELIVERY_HEADER)).isEqualTo(deliveryId);
            assertThat(WebhookSignature.verify(secret, r.body(), r.header(WebhookSignature.HEADER))).isTrue();
            assertThat(r.header("Content-Type")).startsWith("application/json");
        });
        JsonNode body = JSON.readTree(got.get(2).body());
        assertThat(body.get("schemaId").asString()).isEqualTo("AIP Budget Notification");
        JsonNode data = body.get("data");
        assertThat(data.get("SubscriptionId").asString()).isEqualTo(SUB);
        assertThat(data.get("ResourceGroup").asString()).isEqualTo("web");
        assertThat(data.get("SpendingAmount").asString()).isEqualTo("905.12");
        assertThat(data.get("Budget").asString()).isEqualTo("1000");
        assertThat(data.get("NotificationThresholdAmount").asString()).isEqualTo("0.9");
        assertThat(data.get("BudgetStartDate").asString()).isEqualTo("10/1/2026");
        assertThat(data.get("AlertId").asString()).isEqualTo("alert-retry-1");

        JsonNode log = JSON.readTree(send("GET", "/providers/Meterwise/deliveries?webhook=OPS-HOOK", null).body())
                .get("value");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("deliveryId").asString()).isEqualTo(deliveryId);
        assertThat(log.get(0).get("state").asString()).isEqualTo("Delivered");
        assertThat(log.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(log.get(0).get("log")).extracting(a -> a.get("status").asInt()).containsExactly(500, 503, 200);
        assertThat(log.get(0).get("log")).extracting(a -> a.get("outcome").asString())
                .containsExactly("Retryable", "Retryable", "Delivered");
        assertThat(log.get(0).get("log").get(0).get("finishedAt").asString()).endsWith("Z");
        JsonNode byAlert = JSON.readTree(send("GET", "/providers/Meterwise/deliveries?alertId=alert-retry-1", null)
                .body()).get("value");
        assertThat(byAlert).hasSize(1);
        assertThat(byAlert.get(0).get("target").asString()).isEqualTo("ops-hook");
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndAnUnknownEndpointFails() throws Exception {
        WebhookReceiver mover = WebhookReceiver.start();
        try {
            mover.redirectTo(elsewhere.url("/steal"));
            assertThat(send("PUT", "/providers/Meterwise/webhooks/mover", "{\"url\":\"" + mover.url("/hook")
                    + "\",\"secret\":\"0123456789abcdef-given\"}").statusCode()).isEqualTo(201);
            outbox.enqueue(notice("alert-redirect-1", "mover", "nobody"));
            mover.await(r -> !r.isEmpty(), Duration.ofSeconds(30));
            JsonNode log = awaitFinal("alert-redirect-1", 2);
            Thread.sleep(500);
            assertThat(mover.received()).hasSize(1);
            assertThat(elsewhere.received()).noneMatch(r -> r.path().equals("/steal"));
            for (JsonNode d : log) {
                assertThat(d.get("state").asString()).as(d.toString()).isEqualTo("Failed");
                assertThat(d.get("attempts").asInt()).isEqualTo(1);
            }
            assertThat(log.toString()).contains("redirect to another host").contains("no webhook endpoint named 'nobody'");
            assertThat(WebhookSignature.verify("0123456789abcdef-given", mover.received().get(0).body(),
                    mover.received().get(0).header(WebhookSignature.HEADER))).isTrue();
        } finally {
            mover.close();
        }
    }

    @Test
    void badRegistrationsAre400NamingTheFieldAndStoreNothing() throws Exception {
        assertBad("/providers/Meterwise/webhooks/bad1", "{\"url\":\"ftp://example.com/x\"}", "url");
        assertBad("/providers/Meterwise/webhooks/bad1", "{\"url\":\"file:///etc/passwd\"}", "url");
        assertBad("/providers/Meterwise/webhooks/bad1", "{\"url\":\"https://u:p@example.com/\"}", "url");
        assertBad("/providers/Meterwise/webhooks/bad1", "{}", "url");
        assertBad("/providers/Meterwise/webhooks/bad1", "{\"url\":42}", "url");
        assertBad("/providers/Meterwise/webhooks/bad1", "{\"url\":\"https://example.com/\",\"secret\":\"short\"}",
                "secret");
        assertBad("/providers/Meterwise/webhooks/bad1", "{\"url\":\"https://example.com/\",\"secret\":\"0123456789abcdef\","
                + "\"rotateSecret\":true}", "rotateSecret");
        assertBad("/providers/Meterwise/webhooks/-bad", "{\"url\":\"https://example.com/\"}", "name");
        assertThat(send("GET", "/providers/Meterwise/webhooks/bad1", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/providers/Meterwise/deliveries", null).statusCode()).isEqualTo(400);
    }

    @Test
    void anUpdateKeepsTheSecretUnlessRotated() throws Exception {
        String first = JSON.readTree(send("PUT", "/providers/Meterwise/webhooks/rotating",
                "{\"url\":\"https://hooks.example.com/a\"}").body()).get("secret").asString();
        HttpResponse<String> moved = send("PUT", "/providers/Meterwise/webhooks/rotating",
                "{\"url\":\"https://hooks.example.com/b\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.body()).doesNotContain("secret\"");
        String rotated = JSON.readTree(send("PUT", "/providers/Meterwise/webhooks/rotating",
                "{\"url\":\"https://hooks.example.com/b\",\"rotateSecret\":true}").body()).get("secret").asString();
        assertThat(rotated).isNotEqualTo(first);
        assertThat(send("DELETE", "/providers/Meterwise/webhooks/rotating", null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/providers/Meterwise/webhooks/rotating", null).statusCode()).isEqualTo(204);
    }

    private JsonNode awaitFinal(String alertId, int deliveries) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode log;
        do {
            log = JSON.readTree(send("GET", "/providers/Meterwise/deliveries?alertId=" + alertId, null).body())
                    .get("value");
            boolean done = log.size() == deliveries;
            for (JsonNode d : log) {
                done &= !d.get("state").asString().equals("Pending");
            }
            if (done) {
                return log;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        return log;
    }

    private void assertBad(String path, String body, String field) throws Exception {
        HttpResponse<String> response = send("PUT", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("target").asString()).isEqualTo(field);
        assertThat(error.get("message").asString()).contains(field.equals("name") ? "name" : "'" + field + "'");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(operator));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

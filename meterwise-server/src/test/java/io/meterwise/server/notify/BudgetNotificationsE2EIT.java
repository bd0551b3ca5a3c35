package io.meterwise.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.notify.WebhookSignature;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proof of issue 13's alerts and delivery, end to end over HTTP on a real server, a real HTTP webhook target and a
 * real SMTP server (GreenMail): usage ingested in batches crosses a 100 USD budget's forecasted 110 %, then 50 %,
 * 90 % and 100 % actual; each threshold reaches the webhook exactly once (accepted) and the mailbox exactly once. The
 * webhook target fails the first delivery twice before accepting it. The 90 % and 100 % alerts fire while the server
 * runs without a dispatcher and are delivered after a restart, without anything delivered before being sent again.
 */
class BudgetNotificationsE2EIT {

    static final long BOUND_SECONDS = 300;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID SUB = UUID.fromString("e2e0a1e7-0000-4000-8000-000000000013");
    static final UUID METER = UUID.fromString("e2e0a1e7-0000-4000-8000-0000000000f1");
    /** Time runs from 2026-03-10T12:00Z when the test starts, continuously across restarts. */
    static final Duration OFFSET = Duration.between(Instant.now(), Instant.parse("2026-03-10T12:00:00Z"));
    static final String SECRET = "e2e-webhook-secret-0123456789";

    @Configuration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        Clock e2eClock() {
            return Clock.offset(Clock.systemUTC(), OFFSET);
        }
    }

    static final String BUDGET = "{\"properties\":{\"category\":\"Cost\",\"amount\":100,\"timeGrain\":"
            + "\"Monthly\",\"timePeriod\":{\"startDate\":\"2026-03-01T00:00:00Z\",\"endDate\":\"2026-12-31T00:00:00Z\"},"
            + "\"notifications\":{"
            + notification("actual50", "GreaterThan", 50, "Actual", "en-us") + ","
            + notification("actual90", "GreaterThan", 90, "Actual", "en-us") + ","
            + notification("actual100", "GreaterThanOrEqualTo", 100, "Actual", "de-de") + ","
            + notification("forecast110", "GreaterThan", 110, "Forecasted", "en-gb") + "}}}";

    static String notification(String name, String operator, int threshold, String type, String locale) {
        return "\"" + name + "\":{\"enabled\":true,\"operator\":\"" + operator + "\",\"threshold\":" + threshold
                + ",\"thresholdType\":\"" + type + "\",\"locale\":\"" + locale + "\","
                + "\"contactEmails\":[\"finance@contoso.com\"],\"contactGroups\":[\"/subscriptions/" + SUB
                + "/resourceGroups/ops/providers/microsoft.insights/actionGroups/finance-hook\"]}";
    }

    final HttpClient http = HttpClient.newHttpClient();
    int records;

    static ConfigurableApplicationContext start(Path dir, int smtpPort, boolean dispatcher) throws Exception {
        return CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(MeterwiseApplication.class,
                TestClock.class).run("--server.port=0", "--meterwise.tls.enabled=false", "--meterwise.data-dir=" + dir,
                        "--meterwise.billing.scheduler-enabled=false", "--logging.level.root=WARN",
                        "--meterwise.alerts.evaluation-initial-delay=1h",
                        "--meterwise.notify.dispatcher-enabled=" + dispatcher, "--meterwise.notify.poll-interval=100ms",
                        "--meterwise.notify.initial-delay=300ms", "--meterwise.notify.mail.host=127.0.0.1",
                        "--meterwise.notify.mail.port=" + smtpPort, "--meterwise.notify.mail.start-tls-required=false",
                        "--meterwise.notify.mail.username=alerts", "--meterwise.notify.mail.password=smtp-pass-123",
                        "--meterwise.notify.mail.from=alerts@meterwise.test"))
                .get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    static void stop(ConfigurableApplicationContext app) throws Exception {
        CompletableFuture.runAsync(app::close).get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path, String body,
            String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:"
                + app.getEnvironment().getProperty("local.server.port") + path))
                .header("Authorization", TestTokens.bearer(TestTokens.from(app).operator()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One batch: {@code hours} of the 1 USD meter on each day given (day of March 2026, at 10:00). */
    String batch(int hours, int... days) {
        StringBuilder ndjson = new StringBuilder();
        for (int day : days) {
            String start = String.format("2026-03-%02dT10:00:00Z", day);
            String end = String.format("2026-03-%02dT11:00:00Z", day);
            ndjson.append("{\"recordId\":\"e2e-").append(++records).append("\",\"subscriptionId\":\"").append(SUB)
                    .append("\",\"meterId\":\"").append(METER).append("\",\"quantity\":").append(hours)
                    .append(",\"usageStartTime\":\"").append(start).append("\",\"usageEndTime\":\"").append(end)
                    .append("\",\"resourceUri\":\"/subscriptions/").append(SUB)
                    .append("/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/vm1\",")
                    .append("\"location\":\"eastus\"}\n");
        }
        return ndjson.toString();
    }

    void ingest(ConfigurableApplicationContext app, String ndjson) throws Exception {
        HttpResponse<String> r = send(app, "POST", "/providers/Meterwise/usage", ndjson, "application/x-ndjson");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Accepted webhook deliveries, by "ThresholdType ThresholdPercent". */
    static Map<String, List<WebhookReceiver.Received>> accepted(WebhookReceiver receiver) {
        Map<String, List<WebhookReceiver.Received>> byThreshold = new TreeMap<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            if (r.answered() == 200) {
                JsonNode data = JSON.readTree(r.body()).get("data");
                byThreshold.computeIfAbsent(data.get("ThresholdType").asString() + " "
                        + data.get("ThresholdPercent").asString(), k -> new ArrayList<>()).add(r);
            }
        }
        return byThreshold;
    }

    static List<String> subjects(GreenMail smtp) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            subjects.add(m.getSubject().replace('\u00a0', ' '));
        }
        return subjects;
    }

    static boolean waitFor(java.util.concurrent.Callable<Boolean> done) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (done.call()) {
                return true;
            }
            Thread.sleep(100);
        }
        return done.call();
    }

    @Test
    void everyThresholdReachesTheWebhookAndTheMailboxExactlyOnceAcrossARestartAndAFailingTarget() throws Exception {
        Path dir = TestDataDirs.create("meterwise-notify-e2e");
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts", "smtp-pass-123"));
        smtp.start();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.script(500, 503); // the first delivery fails twice before the target accepts it

            // run 1: the forecasted 110 % and the actual 50 % fire and are delivered
            ConfigurableApplicationContext first = start(dir, smtpPort, true);
            try {
                CatalogStore catalog = first.getBean(CatalogStore.class);
                catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
                catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "Dv3 Series", "US East", "1 Hour",
                        List.of()));
                Subscription s = new Subscription(SUB, "Contoso finance", SubscriptionState.ENABLED, "MS-AZR-0003P",
                        Currency.getInstance("USD"), "US", "tenant-1");
                catalog.putSubscription(s);
                catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(METER,
                        Instant.parse("2026-01-01T00:00:00Z"), BigDecimal.ONE));
                HttpResponse<String> hook = send(first, "PUT", "/providers/Meterwise/webhooks/finance-hook",
                        "{\"url\":\"" + receiver.url("/alerts") + "\",\"secret\":\"" + SECRET + "\"}",
                        "application/json");
                assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
                HttpResponse<String> budget = send(first, "PUT", "/subscriptions/" + SUB
                        + "/providers/Microsoft.Consumption/budgets/march?api-version=2024-08-01", BUDGET,
                        "application/json");
                assertThat(budget.statusCode()).as(budget.body()).isEqualTo(201);

                ingest(first, batch(5, 1, 2, 3, 4, 5, 6, 7, 8, 9)); // 45 spent, ~155 forecast: forecasted 110 %
                assertThat(waitFor(() -> accepted(receiver).size() == 1)).isTrue(); // after 500, 503, then 200
                String tenMore = batch(10, 10);
                ingest(first, tenMore);                               // 55: actual 50 %
                ingest(first, tenMore);                               // the same batch again: nothing new
                assertThat(waitFor(() -> accepted(receiver).size() == 2 && smtp.getReceivedMessages().length == 2))
                        .as("%s / %s", accepted(receiver).keySet(), subjects(smtp)).isTrue();
            } finally {
                stop(first);
            }

            // run 2, no dispatcher: 90 % and 100 % fire; their notices wait in the outbox while the server stops
            ConfigurableApplicationContext second = start(dir, smtpPort, false);
            try {
                ingest(second, batch(36, 10));                        // 91: actual 90 %
                ingest(second, batch(9, 10));                         // 100: actual 100 % (>=)
                Thread.sleep(500);
                assertThat(accepted(receiver)).hasSize(2);
                assertThat(smtp.getReceivedMessages()).hasSize(2);
            } finally {
                stop(second);
            }

            // run 3: the waiting notices are delivered, nothing delivered before is sent again
            ConfigurableApplicationContext third = start(dir, smtpPort, true);
            try {
                assertThat(waitFor(() -> accepted(receiver).size() == 4 && smtp.getReceivedMessages().length == 4))
                        .as("%s / %s", accepted(receiver).keySet(), subjects(smtp)).isTrue();
                Thread.sleep(1500); // anything sent twice would arrive within the retry waits

                Map<String, List<WebhookReceiver.Received>> accepted = accepted(receiver);
                assertThat(accepted.keySet()).containsExactly("Actual 100", "Actual 50", "Actual 90",
                        "Forecasted 110");
                assertThat(accepted.values()).allSatisfy(list -> assertThat(list).hasSize(1));
                List<WebhookReceiver.Received> all = receiver.received();
                assertThat(all).hasSize(6); // 4 accepted + the two failures of the first
                assertThat(all.subList(0, 3)).extracting(WebhookReceiver.Received::answered)
                        .containsExactly(500, 503, 200);
                assertThat(all.subList(0, 3)).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER))
                        .containsOnly(all.get(0).header(WebhookSignature.DELIVERY_HEADER));
                assertThat(JSON.readTree(all.get(2).body()).get("data").get("ThresholdType").asString())
                        .isEqualTo("Forecasted");
                assertThat(all).allSatisfy(r -> assertThat(WebhookSignature.verify(SECRET, r.body(),
                        r.header(WebhookSignature.HEADER))).isTrue());
                JsonNode hundred = JSON.readTree(accepted.get("Actual 100").get(0).body()).get("data");
                assertThat(hundred.get("SpendingAmount").asString()).isEqualTo("100");
                assertThat(hundred.get("Budget").asString()).isEqualTo("100");
                assertThat(hundred.get("BudgetName").asString()).isEqualTo("march");
                assertThat(hundred.get("SubscriptionName").asString()).isEqualTo("Contoso finance");
                assertThat(hundred.get("NotificationThresholdAmount").asString()).isEqualTo("1");
                assertThat(hundred.get("BudgetStartDate").asString()).isEqualTo("3/1/2026");

                List<String> subjects = subjects(smtp);
                assertThat(subjects).hasSize(4).doesNotHaveDuplicates();
                assertThat(subjects).anyMatch(x -> x.contains("forecast to reach 110 %"))
                        .anyMatch(x -> x.contains("reached 50 %")).anyMatch(x -> x.contains("reached 90 %"))
                        .anyMatch(x -> x.equals("Budget 'march': reached 100 % of 100,00 $"));
                for (MimeMessage m : smtp.getReceivedMessages()) {
                    assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("finance@contoso.com");
                    Multipart parts = (Multipart) m.getContent();
                    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
                    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
                    assertThat((String) parts.getBodyPart(0).getContent()).contains("UTC").contains("Contoso finance");
                }
                List<String> messageIds = new ArrayList<>();
                for (MimeMessage m : smtp.getReceivedMessages()) {
                    messageIds.add(m.getMessageID());
                }
                assertThat(messageIds).doesNotHaveDuplicates();

                // the delivery log: every delivery of the budget's alerts delivered, the first after three attempts
                JsonNode log = JSON.readTree(send(third, "GET", "/providers/Meterwise/deliveries?webhook=finance-hook",
                        null, null).body()).get("value");
                assertThat(log).hasSize(4);
                assertThat(log).allSatisfy(d -> assertThat(d.get("state").asString()).isEqualTo("Delivered"));
                assertThat(log).extracting(d -> d.get("attempts").asInt()).containsExactlyInAnyOrder(1, 1, 1, 3);
                JsonNode mails = JSON.readTree(send(third, "GET",
                        "/providers/Meterwise/deliveries?email=finance@contoso.com", null, null).body()).get("value");
                assertThat(mails).hasSize(4);
                assertThat(mails).allSatisfy(d -> {
                    assertThat(d.get("state").asString()).isEqualTo("Delivered");
                    assertThat(d.get("lastStatus").asInt()).isEqualTo(250);
                });
                String alertId = log.get(0).get("alertId").asString();
                JsonNode perAlert = JSON.readTree(send(third, "GET", "/providers/Meterwise/deliveries?alertId="
                        + alertId, null, null).body()).get("value");
                assertThat(perAlert).extracting(d -> d.get("channel").asString())
                        .containsExactlyInAnyOrder("webhook", "email");
                Map<String, Long> channels = new TreeMap<>(List.of(perAlert.get(0), perAlert.get(1)).stream()
                        .collect(Collectors.groupingBy(d -> d.get("channel").asString(), Collectors.counting())));
                assertThat(channels).containsEntry("webhook", 1L).containsEntry("email", 1L);
            } finally {
                stop(third);
            }
        } finally {
            smtp.stop();
        }
    }
}

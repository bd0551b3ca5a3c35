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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.Delivery;
import io.meterwise.core.notify.DeliveryAttempt;
import io.meterwise.core.notify.DeliveryQueue;
import io.meterwise.core.notify.NotificationOutbox;
import io.meterwise.core.notify.WebhookSignature;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;

/**
 * The outbox across a stop: notices stored while no dispatcher runs are delivered after the restart; an attempt cut
 * short by the stop (claimed, never recorded) is retried after its lease with the same delivery id; enqueueing a
 * delivered notice again after the restart sends nothing.
 */
class NotificationRestartIT {

    static final long BOUND_SECONDS = 300;

    static ConfigurableApplicationContext start(Path dir, boolean dispatcher) throws Exception {
        return CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(MeterwiseApplication.class)
                .run("--server.port=0", "--meterwise.tls.enabled=false", "--meterwise.data-dir=" + dir,
                        "--meterwise.billing.scheduler-enabled=false", "--logging.level.root=WARN",
                        "--meterwise.notify.dispatcher-enabled=" + dispatcher, "--meterwise.notify.poll-interval=100ms",
                        "--meterwise.notify.initial-delay=200ms"))
                .get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    static void stop(ConfigurableApplicationContext app) throws Exception {
        CompletableFuture.runAsync(app::close).get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    static AlertNotice notice(String id) {
        return new AlertNotice(id, "/subscriptions/7e57a1e7-0000-4000-8000-00000000d002", "monthly", AlertNotice.Kind.COST,
                "Actual", "GreaterThan", new BigDecimal("50"), new BigDecimal("200"), new BigDecimal("101"), "USD",
                LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"), Instant.parse("2026-10-12T08:00:00Z"),
                List.of(), List.of("restart-hook"), List.of(), "en-us");
    }

    @Test
    void nothingIsLostAcrossAStopAndNothingDeliveredIsSentAgain() throws Exception {
        Path dir = TestDataDirs.create("meterwise-notify-restart");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret;
            String cutShort;
            ConfigurableApplicationContext first = start(dir, false);
            try {
                HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + first.getEnvironment().getProperty("local.server.port")
                                + "/providers/Meterwise/webhooks/restart-hook"))
                        .header("Authorization", TestTokens.bearer(TestTokens.from(first).operator()))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url("/hook")
                                + "\",\"secret\":\"restart-secret-0123456789\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                secret = "restart-secret-0123456789";
                NotificationOutbox outbox = first.getBean(NotificationOutbox.class);
                DeliveryQueue queue = first.getBean(DeliveryQueue.class);
                outbox.enqueue(notice("stored-before-stop"));
                outbox.enqueue(notice("cut-short"));
                Delivery d = queue.ofNotice("cut-short").get(0);
                Instant now = Instant.now();
                // an attempt starts and the server stops before it is recorded
                assertThat(queue.claim(d, now, now.plusSeconds(2))).isTrue();
                cutShort = d.id();
            } finally {
                stop(first);
            }
            assertThat(receiver.received()).isEmpty();

            ConfigurableApplicationContext second = start(dir, true);
            try {
                List<WebhookReceiver.Received> got = receiver.await(r -> r.size() >= 2, Duration.ofSeconds(60));
                assertThat(got).hasSize(2);
                second.getBean(NotificationOutbox.class).enqueue(notice("stored-before-stop"));
                second.getBean(NotificationOutbox.class).enqueue(notice("cut-short"));
                Thread.sleep(1500);
                got = receiver.received();
                assertThat(got).hasSize(2);
                assertThat(got).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER)).doesNotHaveDuplicates()
                        .contains(cutShort);
                assertThat(got).allSatisfy(r -> assertThat(WebhookSignature.verify(secret, r.body(),
                        r.header(WebhookSignature.HEADER))).isTrue());
                DeliveryQueue queue = second.getBean(DeliveryQueue.class);
                assertThat(queue.attempts(cutShort)).extracting(DeliveryAttempt::attempt, DeliveryAttempt::outcome)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, DeliveryAttempt.Outcome.IN_PROGRESS),
                                org.assertj.core.groups.Tuple.tuple(2, DeliveryAttempt.Outcome.DELIVERED));
                assertThat(queue.ofNotice("stored-before-stop").get(0).state()).isEqualTo(Delivery.State.DELIVERED);
            } finally {
                stop(second);
            }
        }
    }
}

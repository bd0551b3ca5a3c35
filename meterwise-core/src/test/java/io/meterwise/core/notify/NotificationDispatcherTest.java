package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterwise.core.notify.DeliveryAttempt.Outcome;
import io.meterwise.core.testing.MovableClock;

class NotificationDispatcherTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-10-20T14:00:00Z"));
    final InMemoryOutbox outbox = new InMemoryOutbox(clock);
    final ScriptedTransport webhooks = new ScriptedTransport();
    final ScriptedTransport mail = new ScriptedTransport();
    final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(10), 2, Duration.ofMinutes(5));

    NotificationDispatcher dispatcher(Map<Channel, DeliveryTransport> transports) {
        return new NotificationDispatcher(outbox, transports, policy, Duration.ofMinutes(2), clock);
    }

    NotificationDispatcher dispatcher() {
        Map<Channel, DeliveryTransport> transports = new EnumMap<>(Channel.class);
        transports.put(Channel.WEBHOOK, webhooks);
        transports.put(Channel.EMAIL, mail);
        return dispatcher(transports);
    }

    @Test
    void retriesWithBackoffUntilDeliveredAndNeverSendsADeliveredOneAgain() {
        outbox.enqueue(Notices.notice("n1", List.of("ops@example.com"), List.of("hook")));
        webhooks.script(503, 500, 200);
        mail.script(250);
        NotificationDispatcher dispatcher = dispatcher();

        assertThat(dispatcher.dispatchDue(10)).isEqualTo(2);
        assertThat(webhooks.sent).hasSize(1);
        assertThat(mail.sent).hasSize(1);
        assertThat(dispatcher.dispatchDue(10)).isZero();             // not due before the first wait
        clock.advance(Duration.ofSeconds(9));
        assertThat(dispatcher.dispatchDue(10)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.dispatchDue(10)).isEqualTo(1);         // second attempt after 10 s
        clock.advance(Duration.ofSeconds(19));
        assertThat(dispatcher.dispatchDue(10)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.dispatchDue(10)).isEqualTo(1);         // third attempt 20 s later: delivered
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.dispatchDue(10)).isZero();

        assertThat(webhooks.sent).hasSize(3).allMatch(id -> id.equals(webhooks.sent.get(0)));
        Delivery hook = outbox.ofTarget(Channel.WEBHOOK, "hook", 10).get(0);
        assertThat(hook.state()).isEqualTo(Delivery.State.DELIVERED);
        assertThat(hook.attempts()).isEqualTo(3);
        assertThat(outbox.attempts(hook.id())).extracting(DeliveryAttempt::outcome, DeliveryAttempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.RETRYABLE, 503),
                        org.assertj.core.groups.Tuple.tuple(Outcome.RETRYABLE, 500),
                        org.assertj.core.groups.Tuple.tuple(Outcome.DELIVERED, 200));
    }

    @Test
    void givesUpAfterTheLastAttemptAndAtOnceOnAPermanentFailure() {
        outbox.enqueue(Notices.notice("n2", List.of("ops@example.com"), List.of("hook")));
        webhooks.script(500, 500, 500, 500, 200);
        mail.script(404);
        NotificationDispatcher dispatcher = dispatcher();
        for (int i = 0; i < 10; i++) {
            dispatcher.dispatchDue(10);
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(webhooks.sent).hasSize(4);
        assertThat(mail.sent).hasSize(1);
        Delivery hook = outbox.ofTarget(Channel.WEBHOOK, "hook", 10).get(0);
        assertThat(hook.state()).isEqualTo(Delivery.State.FAILED);
        assertThat(outbox.attempts(hook.id()).get(3).detail()).contains("gave up after 4 attempts");
        assertThat(outbox.ofTarget(Channel.EMAIL, "ops@example.com", 10).get(0).state())
                .isEqualTo(Delivery.State.FAILED);
    }

    @Test
    void enqueueingTheSameNoticeAgainDeliversOnce() {
        AlertNotice notice = Notices.notice("n3", List.of(), List.of("hook"));
        outbox.enqueue(notice);
        webhooks.script(200, 200);
        dispatcher().dispatchDue(10);
        outbox.enqueue(notice);
        clock.advance(Duration.ofHours(1));
        dispatcher().dispatchDue(10);
        assertThat(webhooks.sent).hasSize(1);
    }

    @Test
    void anAttemptCutShortIsRetriedAfterItsLeaseWithTheSameDeliveryId() {
        outbox.enqueue(Notices.notice("n4", List.of(), List.of("hook")));
        Delivery d = outbox.due(clock.instant(), 10).get(0);
        assertThat(outbox.claim(d, clock.instant(), clock.instant().plus(Duration.ofMinutes(2)))).isTrue();
        // the server stops here, before the attempt is recorded; a second claim of the same read fails
        assertThat(outbox.claim(d, clock.instant(), clock.instant().plus(Duration.ofMinutes(2)))).isFalse();
        webhooks.script(200);
        NotificationDispatcher dispatcher = dispatcher();
        assertThat(dispatcher.dispatchDue(10)).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(dispatcher.dispatchDue(10)).isEqualTo(1);
        assertThat(webhooks.sent).containsExactly(d.id());
        assertThat(outbox.attempts(d.id())).extracting(DeliveryAttempt::attempt, DeliveryAttempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Outcome.IN_PROGRESS),
                        org.assertj.core.groups.Tuple.tuple(2, Outcome.DELIVERED));
    }

    @Test
    void aChannelWithoutTransportFailsAndAThrowingTransportIsRetried() {
        outbox.enqueue(Notices.notice("n5", List.of("ops@example.com"), List.of("hook")));
        Map<Channel, DeliveryTransport> onlyWebhooks = new EnumMap<>(Channel.class);
        onlyWebhooks.put(Channel.WEBHOOK, (delivery, notice) -> {
            throw new IllegalStateException("boom");
        });
        dispatcher(onlyWebhooks).dispatchDue(10);
        Delivery mailDelivery = outbox.ofTarget(Channel.EMAIL, "ops@example.com", 1).get(0);
        assertThat(mailDelivery.state()).isEqualTo(Delivery.State.FAILED);
        assertThat(outbox.attempts(mailDelivery.id()).get(0).detail()).contains("no email transport");
        Delivery hook = outbox.ofTarget(Channel.WEBHOOK, "hook", 1).get(0);
        assertThat(hook.state()).isEqualTo(Delivery.State.PENDING);
        assertThat(outbox.attempts(hook.id()).get(0).outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    /** Answers each send with the next scripted status, classified as webhook answers are. */
    static final class ScriptedTransport implements DeliveryTransport {
        final Deque<Integer> statuses = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();

        void script(Integer... s) {
            statuses.addAll(List.of(s));
        }

        @Override
        public Result send(Delivery delivery, AlertNotice notice) {
            sent.add(delivery.id());
            int status = statuses.removeFirst();
            return new Result(status == 250 ? Outcome.DELIVERED : RetryPolicy.classify(status), status, "HTTP " + status);
        }
    }
}

package io.meterwise.core.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.meterwise.core.limits.Texts;

/**
 * Delivers what the outbox holds: each due delivery is claimed, sent once over its channel and its attempt logged;
 * a retryable failure is due again after the {@link RetryPolicy}'s wait, a permanent one (or the last attempt) ends it.
 *
 * <p>Semantics: a delivery recorded as delivered is never sent again, also across restarts. A server that stops
 * between sending and recording sends it again after the claim's lease, with the same delivery id: at least once, with
 * an id for the receiver to drop the repeat (ADR 0044).
 */
public final class NotificationDispatcher {

    /** Longest detail text kept in the delivery log. */
    static final int MAX_DETAIL = 500;

    private final DeliveryQueue queue;
    private final Map<Channel, DeliveryTransport> transports;
    private final RetryPolicy policy;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param transports a transport per channel; a channel without one fails its deliveries for good
     * @param lease      how long a claimed attempt may run before it is taken for lost and retried; longer than any
     *                   transport's timeout
     */
    public NotificationDispatcher(DeliveryQueue queue, Map<Channel, DeliveryTransport> transports, RetryPolicy policy,
            Duration lease, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.transports = transports.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(transports);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs every delivery due now, at most {@code limit}; returns how many attempts were made. */
    public int dispatchDue(int limit) {
        int made = 0;
        for (Delivery delivery : queue.due(clock.instant(), limit)) {
            if (attempt(delivery)) {
                made++;
            }
        }
        return made;
    }

    private boolean attempt(Delivery delivery) {
        Instant started = clock.instant();
        if (!queue.claim(delivery, started, started.plus(lease))) {
            return false;
        }
        int attempt = delivery.attempts() + 1;
        DeliveryTransport.Result result = send(delivery);
        Instant finished = clock.instant();
        DeliveryAttempt.Outcome outcome = result.outcome();
        Delivery.State state;
        Instant next = finished;
        if (outcome == DeliveryAttempt.Outcome.DELIVERED) {
            state = Delivery.State.DELIVERED;
        } else if (outcome == DeliveryAttempt.Outcome.RETRYABLE) {
            Optional<Duration> wait = policy.delayAfter(attempt);
            state = wait.isPresent() ? Delivery.State.PENDING : Delivery.State.FAILED;
            next = wait.map(finished::plus).orElse(finished);
        } else {
            state = Delivery.State.FAILED;
            outcome = DeliveryAttempt.Outcome.PERMANENT;
        }
        String detail = result.detail();
        if (state == Delivery.State.FAILED && outcome == DeliveryAttempt.Outcome.RETRYABLE) {
            detail = detail + " (gave up after " + attempt + " attempts)";
        }
        queue.finish(new DeliveryAttempt(delivery.id(), attempt, started, finished, outcome, result.status(),
                Texts.shorten(detail, MAX_DETAIL)), state, next);
        return true;
    }

    private DeliveryTransport.Result send(Delivery delivery) {
        DeliveryTransport transport = transports.get(delivery.channel());
        if (transport == null) {
            return new DeliveryTransport.Result(DeliveryAttempt.Outcome.PERMANENT, null,
                    "no " + delivery.channel().name().toLowerCase(java.util.Locale.ROOT) + " transport is configured");
        }
        Optional<AlertNotice> notice = queue.notice(delivery.noticeId());
        if (notice.isEmpty()) {
            return new DeliveryTransport.Result(DeliveryAttempt.Outcome.PERMANENT, null, "the notice is missing");
        }
        try {
            return transport.send(delivery, notice.get());
        } catch (RuntimeException e) {
            return new DeliveryTransport.Result(DeliveryAttempt.Outcome.RETRYABLE, null,
                    "failed: " + e.getClass().getSimpleName());
        }
    }
}

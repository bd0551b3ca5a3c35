package io.meterwise.core.notify;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One notice to one recipient, as the outbox holds it.
 *
 * @param id            the delivery id, sent with every attempt so a receiver can drop repeats
 *                      ({@link DeliveryPlan#deliveryId})
 * @param noticeId      the alert notice it delivers
 * @param channel       webhook or e-mail
 * @param target        the endpoint name (webhook) or the address (e-mail)
 * @param state         pending until delivered or given up
 * @param attempts      attempts started so far
 * @param nextAttemptAt when it is due (while pending; while an attempt runs, when its lease ends)
 * @param lastStatus    the last HTTP status (webhook) or SMTP reply code (e-mail), if any
 * @param updatedAt     when the state last changed
 */
public record Delivery(String id, String noticeId, Channel channel, String target, State state, int attempts,
        Instant nextAttemptAt, @Nullable Integer lastStatus, Instant updatedAt) {

    public enum State { PENDING, DELIVERED, FAILED }

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}

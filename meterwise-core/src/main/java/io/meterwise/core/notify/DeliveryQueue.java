package io.meterwise.core.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the delivery side of the durable outbox. The dispatcher takes due deliveries, claims each (so that two
 * dispatchers, or a restarted one, never run the same attempt twice), and records how the attempt ended.
 */
public interface DeliveryQueue {

    /** Pending deliveries due at {@code now}, oldest first, at most {@code limit}. */
    List<Delivery> due(Instant now, int limit);

    /**
     * Starts attempt {@code delivery.attempts() + 1}: only if the delivery is still pending, due and unchanged
     * since it was read. Moves its due time to {@code leaseUntil}, so that an attempt cut short by a crash is retried
     * after the lease; logs the attempt as in progress. False when another dispatcher got there first.
     */
    boolean claim(Delivery delivery, Instant now, Instant leaseUntil);

    /**
     * Ends the claimed attempt {@code attempt.attempt()}: logs it and sets the delivery's state (pending again with
     * due time {@code nextAttemptAt}, delivered or failed).
     */
    void finish(DeliveryAttempt attempt, Delivery.State state, Instant nextAttemptAt);

    /** The notice a delivery belongs to. */
    Optional<AlertNotice> notice(String noticeId);

    /** The deliveries of one notice (alert), by channel and target. */
    List<Delivery> ofNotice(String noticeId);

    /** The deliveries to one target (an endpoint name or address), newest first, at most {@code limit}. */
    List<Delivery> ofTarget(Channel channel, String target, int limit);

    /** The attempts of one delivery, in order. */
    List<DeliveryAttempt> attempts(String deliveryId);
}

package io.meterwise.core.notify;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One attempt of a delivery, as the delivery log shows it.
 *
 * @param deliveryId the delivery
 * @param attempt    1 for the first attempt
 * @param startedAt  when it started
 * @param finishedAt when it ended; null while it runs or when the server stopped during it
 * @param outcome    what came of it; {@link Outcome#IN_PROGRESS} until it ended
 * @param status     HTTP status or SMTP reply code, null when none came (timeout, connection refused)
 * @param detail     a short explanation (never the response body)
 */
public record DeliveryAttempt(String deliveryId, int attempt, Instant startedAt, @Nullable Instant finishedAt,
        Outcome outcome, @Nullable Integer status, String detail) {

    public enum Outcome {
        /** Started; a server that stops during the attempt leaves it so, and the delivery is retried after its lease. */
        IN_PROGRESS,
        /** Accepted by the receiver. */
        DELIVERED,
        /** Failed in a way worth retrying (5xx, 408, 429, timeout, connection failure). */
        RETRYABLE,
        /** Failed for good (4xx, a redirect not followed, an unknown endpoint). */
        PERMANENT
    }

    public DeliveryAttempt {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}

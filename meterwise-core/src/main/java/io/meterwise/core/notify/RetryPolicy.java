package io.meterwise.core.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * When to try a delivery again. After attempt {@code n} failed in a retryable way the next attempt waits
 * {@code initialDelay × multiplier^(n-1)}, capped at {@code maxDelay}; after {@code maxAttempts} attempts the
 * delivery is given up. A webhook answer is classified by {@link #classify(Integer)}.
 *
 * @param maxAttempts  attempts in all, at least 1
 * @param initialDelay wait after the first failed attempt
 * @param multiplier   growth of the wait per further attempt, at least 1
 * @param maxDelay     the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, int multiplier, Duration maxDelay) {

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, were " + initialDelay + " and "
                    + maxDelay);
        }
    }

    /** The default: 8 attempts, waits of 30 s, 1, 2, 4, 8, 16, 32 min (about an hour in all). */
    public static RetryPolicy standard() {
        return new RetryPolicy(8, Duration.ofSeconds(30), 2, Duration.ofHours(1));
    }

    /** The wait before the next attempt after {@code attemptsMade} attempts failed, or empty when it is given up. */
    public Optional<Duration> delayAfter(int attemptsMade) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = initialDelay;
        for (int i = 1; i < attemptsMade; i++) {
            if (delay.compareTo(maxDelay) >= 0) {
                break;
            }
            delay = delay.multipliedBy(multiplier);
        }
        return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
    }

    /**
     * What an HTTP answer means for a webhook delivery: 2xx delivered; 5xx, 408 (timeout) and 429 (slow down) worth
     * retrying, as is no answer at all ({@code null}: timeout, refused connection); anything else (4xx, a redirect not
     * followed) will not get better by retrying.
     */
    public static DeliveryAttempt.Outcome classify(@Nullable Integer status) {
        if (status == null) {
            return DeliveryAttempt.Outcome.RETRYABLE;
        }
        if (status >= 200 && status < 300) {
            return DeliveryAttempt.Outcome.DELIVERED;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return DeliveryAttempt.Outcome.RETRYABLE;
        }
        return DeliveryAttempt.Outcome.PERMANENT;
    }

    /**
     * What an SMTP reply code means for an e-mail delivery: 2xx accepted; 4xx (a transient failure, in RFC 5321's
     * words) and no reply at all worth retrying; 5xx (a permanent failure: unknown mailbox, refused) not.
     */
    public static DeliveryAttempt.Outcome classifySmtp(@Nullable Integer replyCode) {
        if (replyCode == null || (replyCode >= 400 && replyCode < 500)) {
            return DeliveryAttempt.Outcome.RETRYABLE;
        }
        return replyCode >= 200 && replyCode < 300 ? DeliveryAttempt.Outcome.DELIVERED
                : DeliveryAttempt.Outcome.PERMANENT;
    }
}

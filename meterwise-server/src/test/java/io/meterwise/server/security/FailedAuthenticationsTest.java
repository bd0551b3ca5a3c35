package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.meterwise.core.testing.MovableClock;

class FailedAuthenticationsTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final FailedAuthentications limits = new FailedAuthentications(3, 5, Duration.ofMinutes(1), 100, clock);

    @Test
    void aClientIsRefusedAfterItsFailuresUntilATokenIsBack() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.retryAfter("app", "10.0.0.1")).isEmpty();
            limits.failed("app", "10.0.0.1");
        }
        // 3 per minute: one token every 20 s
        assertThat(limits.retryAfter("app", "10.0.0.1")).contains(Duration.ofSeconds(20));
        assertThat(limits.retryAfter("app", "10.0.0.2")).isEmpty();
        assertThat(limits.retryAfter("other", "10.0.0.1")).isEmpty();
        clock.advance(Duration.ofSeconds(15));
        assertThat(limits.retryAfter("app", "10.0.0.1")).contains(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertThat(limits.retryAfter("app", "10.0.0.1")).isEmpty();
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresWhateverTheClientId() {
        for (int i = 0; i < 5; i++) {
            limits.failed("client-" + i, "10.0.0.1");
        }
        assertThat(limits.retryAfter("client-9", "10.0.0.1")).contains(Duration.ofSeconds(12));
        assertThat(limits.retryAfter("client-9", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessForgivesTheClientButNotTheAddress() {
        limits.failed("app", "10.0.0.1");
        limits.failed("app", "10.0.0.1");
        limits.succeeded("app", "10.0.0.1");
        limits.failed("app", "10.0.0.1");
        limits.failed("app", "10.0.0.1");
        assertThat(limits.retryAfter("app", "10.0.0.1")).isEmpty();
        limits.failed("app", "10.0.0.1");
        assertThat(limits.retryAfter("app", "10.0.0.1")).isPresent();
    }

    @Test
    void inventedClientIdsCannotGrowTheTableBeyondItsBound() {
        FailedAuthentications small = new FailedAuthentications(3, 1_000_000, Duration.ofMinutes(1), 10, clock);
        for (int i = 0; i < 1000; i++) {
            small.failed("client-" + i, "10.0.0." + (i % 7));
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(10);
    }
}

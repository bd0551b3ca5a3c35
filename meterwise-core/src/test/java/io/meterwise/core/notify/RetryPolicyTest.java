package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.meterwise.core.notify.DeliveryAttempt.Outcome;

class RetryPolicyTest {

    @Test
    void waitsGrowExponentiallyUpToTheCapAndStopAfterTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(10), 3, Duration.ofMinutes(2));
        assertThat(policy.delayAfter(1)).hasValue(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(2)).hasValue(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(3)).hasValue(Duration.ofSeconds(90));
        assertThat(policy.delayAfter(4)).hasValue(Duration.ofMinutes(2));
        assertThat(policy.delayAfter(5)).hasValue(Duration.ofMinutes(2));
        assertThat(policy.delayAfter(6)).isEmpty();
        assertThat(policy.delayAfter(7)).isEmpty();
    }

    @Test
    void theStandardScheduleDoublesFromThirtySecondsForEightAttempts() {
        RetryPolicy standard = RetryPolicy.standard();
        long[] seconds = {30, 60, 120, 240, 480, 960, 1920};
        for (int i = 0; i < seconds.length; i++) {
            assertThat(standard.delayAfter(i + 1)).hasValue(Duration.ofSeconds(seconds[i]));
        }
        assertThat(standard.delayAfter(8)).isEqualTo(Optional.empty());
    }

    @Test
    void aHugeAttemptCountDoesNotOverflow() {
        RetryPolicy policy = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), 10, Duration.ofDays(1));
        assertThat(policy.delayAfter(1_000_000)).hasValue(Duration.ofDays(1));
    }

    @Test
    void classifiesAnswers() {
        assertThat(RetryPolicy.classify(200)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classify(204)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classify(500)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classify(503)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classify(408)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classify(429)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classify(null)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classify(301)).isEqualTo(Outcome.PERMANENT);
        assertThat(RetryPolicy.classify(400)).isEqualTo(Outcome.PERMANENT);
        assertThat(RetryPolicy.classify(404)).isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMinutes(5), 2, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMinutes(1), 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

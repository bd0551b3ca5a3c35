package io.meterwise.server.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.notify.*}: how often the outbox is polled, how deliveries are retried, and the
 * webhook client's limits.
 *
 * @param dispatcherEnabled   whether this server delivers (off: it only stores notices, another replica delivers)
 * @param pollInterval        wait between two runs over the due deliveries
 * @param batchSize           deliveries taken per run
 * @param lease               how long an attempt may run before it is taken for lost (longer than the timeouts)
 * @param maxAttempts         attempts per delivery in all
 * @param initialDelay        wait after the first failed attempt
 * @param backoffMultiplier   growth of the wait per further attempt
 * @param maxDelay            the longest wait between attempts
 * @param webhookConnectTimeout TCP/TLS connect timeout of a webhook POST
 * @param webhookTimeout      timeout of a webhook POST until the answer's status
 * @param webhookMaxRedirects same-origin 307/308 redirects followed per attempt (0: none)
 */
@ConfigurationProperties("meterwise.notify")
public record NotifyProperties(
        @DefaultValue("true") boolean dispatcherEnabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration initialDelay,
        @DefaultValue("2") int backoffMultiplier,
        @DefaultValue("1h") Duration maxDelay,
        @DefaultValue("5s") Duration webhookConnectTimeout,
        @DefaultValue("15s") Duration webhookTimeout,
        @DefaultValue("3") int webhookMaxRedirects) {
}

package io.meterwise.server.billing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.billing.*}: {@code grace} after a period's end before it is invoiced (late usage
 * window), {@code download-link-ttl} of signed PDF links, the issuing schedule, and the page size of list answers.
 */
@ConfigurationProperties("meterwise.billing")
public record BillingProperties(@DefaultValue("72h") Duration grace, @DefaultValue("1h") Duration downloadLinkTtl,
        @DefaultValue("true") boolean schedulerEnabled, @DefaultValue("10m") Duration issueInterval,
        @DefaultValue("50") int pageSize) {
}

package io.meterwise.server.http.retail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.retail-prices.*}: the offer whose price lists are published (its prices become
 * public), items per page (at most 1000) and the public endpoint's rate limit, {@code requests-per-window} requests
 * per client address in each {@code window}.
 */
@ConfigurationProperties("meterwise.retail-prices")
record RetailPricesProperties(@DefaultValue("MS-AZR-0003P") String offer, @DefaultValue("1000") int pageSize,
        @DefaultValue("120") int requestsPerWindow, @DefaultValue("1m") Duration window) {

    RetailPricesProperties {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("meterwise.retail-prices.page-size must be in 1..1000");
        }
        if (requestsPerWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("meterwise.retail-prices rate limit must be positive");
        }
    }
}

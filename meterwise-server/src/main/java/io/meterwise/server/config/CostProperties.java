package io.meterwise.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.cost.*}: rows per page of a Cost Management query answer, and items per page of
 * Consumption usage details and price sheets.
 */
@ConfigurationProperties("meterwise.cost")
public record CostProperties(@DefaultValue("1000") int queryPageSize, @DefaultValue("1000") int listPageSize) {
}

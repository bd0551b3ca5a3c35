package io.meterwise.server.http;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.http.*}: {@code trustedProxies} are the reverse proxies (addresses or CIDR ranges)
 * whose {@code X-Forwarded-*} headers name the URL clients use; by default only a proxy on the same machine.
 */
@ConfigurationProperties("meterwise.http")
record HttpProperties(@DefaultValue({"127.0.0.1", "::1"}) List<String> trustedProxies) {
}

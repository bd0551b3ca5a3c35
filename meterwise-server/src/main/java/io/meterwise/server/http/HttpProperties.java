package io.meterwise.server.http;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code meterwise.http.*}: {@code trustedProxies} are the reverse proxies (addresses or CIDR ranges)
 * whose {@code X-Forwarded-*} headers name the URL clients use; by default only a proxy on the same machine.
 * {@code maxBodySize} is the largest request body read (docs/operations.md; usage ingestion has its own limits).
 */
@ConfigurationProperties("meterwise.http")
record HttpProperties(@DefaultValue({"127.0.0.1", "::1"}) List<String> trustedProxies,
        @DefaultValue("1MB") DataSize maxBodySize) {

    HttpProperties {
        if (maxBodySize.toBytes() < 1024) {
            throw new IllegalArgumentException("meterwise.http.max-body-size must be at least 1KB");
        }
    }
}

package io.meterwise.server.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.*}. {@code dataDir} holds the DuckDB ledger file and the other state of an embedded
 * deployment.
 */
@ConfigurationProperties("meterwise")
public record MeterwiseProperties(@DefaultValue("./data") Path dataDir) {
}

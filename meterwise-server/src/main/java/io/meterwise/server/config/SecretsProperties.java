package io.meterwise.server.config;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code meterwise.secrets.*}: {@code key-file}, the key that seals secrets kept in the store (ADR
 * 0051), by default {@code {data-dir}/keys/secrets.key}; env var {@code METERWISE_SECRETS_KEYFILE}. Every server of one
 * PostgreSQL database needs the same file.
 */
@ConfigurationProperties("meterwise.secrets")
public record SecretsProperties(@Nullable Path keyFile) {
}

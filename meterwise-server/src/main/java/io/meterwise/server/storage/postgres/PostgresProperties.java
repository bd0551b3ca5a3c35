package io.meterwise.server.storage.postgres;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The PostgreSQL store ({@code meterwise.store=postgres}): a JDBC URL such as
 * {@code jdbc:postgresql://db.example:5432/meterwise}, a user and a password (environment:
 * {@code METERWISE_POSTGRES_URL}, {@code METERWISE_POSTGRES_USER}, {@code METERWISE_POSTGRES_PASSWORD}).
 */
@ConfigurationProperties("meterwise.postgres")
public record PostgresProperties(@Nullable String url, @Nullable String user, @Nullable String password,
        @Nullable Integer poolSize) {
}

package io.meterwise.server.storage.postgres;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.access.SharedSecrets;

/**
 * Keys in table {@code shared_secret}: the first replica to need a key inserts it, every other one reads that row, so
 * tokens and links minted on one replica verify on all.
 */
final class PostgresSecrets implements SharedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    PostgresSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public byte[] secret(String name) {
        byte[] key = new byte[MIN_LENGTH];
        RANDOM.nextBytes(key);
        jdbc.update("INSERT INTO shared_secret (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", name,
                key, LocalDateTime.now(ZoneOffset.UTC));
        List<byte[]> stored = jdbc.query("SELECT secret FROM shared_secret WHERE name = ?", (rs, i) -> rs.getBytes(1),
                name);
        return stored.get(0);
    }
}

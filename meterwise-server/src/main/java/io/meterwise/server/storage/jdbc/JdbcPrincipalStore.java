package io.meterwise.server.storage.jdbc;

import org.springframework.stereotype.Component;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.meterwise.core.access.PrincipalStore;
import io.meterwise.core.access.SecretHash;

/** Service principals of the built-in issuer, with their secret hashes (table {@code principal}). */
@Component
public final class JdbcPrincipalStore implements PrincipalStore {

    private static final String COLUMNS = "object_id, client_id, display_name, operator, created_at";
    private static final RowMapper<StoredPrincipal> ROW = (rs, i) -> new StoredPrincipal(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getTimestamp(5).toLocalDateTime().toInstant(ZoneOffset.UTC));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcPrincipalStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public CreatedPrincipal create(String displayName, boolean operator) {
        String objectId = UUID.randomUUID().toString();
        return insert(objectId, objectId, displayName, operator, SecretHash.newSecret());
    }

    private CreatedPrincipal insert(String objectId, String clientId, String displayName, boolean operator,
            String secret) {
        Instant now = clock.instant();
        jdbc.update("INSERT INTO principal (object_id, client_id, display_name, secret_hash, operator, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", objectId, clientId, displayName, SecretHash.hash(secret), operator,
                Timestamp.valueOf(now.atOffset(ZoneOffset.UTC).toLocalDateTime()));
        return new CreatedPrincipal(new StoredPrincipal(objectId, clientId, displayName, operator, now), secret);
    }

    /** The principal whose client id and secret match; takes as long whether or not the client id exists. */
    @Override
    public Optional<StoredPrincipal> authenticate(String clientId, String secret) {
        List<String> hashes = jdbc.queryForList("SELECT secret_hash FROM principal WHERE client_id = ?", String.class,
                clientId);
        if (hashes.isEmpty()) {
            SecretHash.burnDecoy(secret);
            return Optional.empty();
        }
        if (!SecretHash.matches(secret, hashes.get(0))) {
            return Optional.empty();
        }
        return byClientId(clientId);
    }

    @Override
    public Optional<StoredPrincipal> byClientId(String clientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM principal WHERE client_id = ?", ROW, clientId).stream()
                .findFirst();
    }

    @Override
    public List<StoredPrincipal> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM principal ORDER BY created_at, object_id", ROW);
    }

    @Override
    public boolean delete(String objectId) {
        return jdbc.update("DELETE FROM principal WHERE object_id = ?", objectId) > 0;
    }

    /**
     * Makes sure the operator principal exists. With a configured secret, that secret is (re)set; without one, a
     * first start creates the operator with a random secret and returns it.
     */
    @Override
    public Optional<String> ensureOperator(@Nullable String configuredSecret) {
        Optional<String> storedHash = jdbc.queryForList("SELECT secret_hash FROM principal WHERE client_id = ?",
                String.class, OPERATOR_CLIENT_ID).stream().findFirst();
        boolean configured = configuredSecret != null && !configuredSecret.isBlank();
        if (storedHash.isEmpty()) {
            String secret = configured ? configuredSecret : SecretHash.newSecret();
            // replicas starting together: the first insert wins, the others find the operator stored
            int inserted = jdbc.update("INSERT INTO principal (object_id, client_id, display_name, secret_hash, "
                    + "operator, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    UUID.randomUUID().toString(), OPERATOR_CLIENT_ID, "Meterwise operator", SecretHash.hash(secret),
                    true, Timestamp.valueOf(clock.instant().atOffset(ZoneOffset.UTC).toLocalDateTime()));
            return configured || inserted == 0 ? Optional.empty() : Optional.of(secret);
        }
        if (configured && !SecretHash.matches(configuredSecret, storedHash.get())) {
            jdbc.update("UPDATE principal SET secret_hash = ? WHERE client_id = ?", SecretHash.hash(configuredSecret),
                    OPERATOR_CLIENT_ID);
        }
        return Optional.empty();
    }
}

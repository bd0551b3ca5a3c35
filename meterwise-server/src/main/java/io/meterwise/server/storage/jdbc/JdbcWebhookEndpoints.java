package io.meterwise.server.storage.jdbc;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.meterwise.core.notify.WebhookEndpoint;
import io.meterwise.core.notify.WebhookEndpoints;
import io.meterwise.server.storage.UtcTimestamps;
import org.springframework.stereotype.Component;

/** Webhook endpoints in portable SQL (DuckDB and PostgreSQL), keyed by the lower-case name. */
@Component
public class JdbcWebhookEndpoints implements WebhookEndpoints {

    private static final RowMapper<WebhookEndpoint> ENDPOINT = (rs, i) -> new WebhookEndpoint(rs.getString(1),
            URI.create(rs.getString(2)), rs.getString(3), UtcTimestamps.read(rs, 4), UtcTimestamps.read(rs, 5));
    private static final String COLUMNS = "name, url, secret, created_at, updated_at";

    private final JdbcTemplate jdbc;

    public JdbcWebhookEndpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<WebhookEndpoint> get(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE name_key = ?", ENDPOINT,
                WebhookEndpoint.key(name)).stream().findFirst();
    }

    @Override
    public List<WebhookEndpoint> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_endpoint ORDER BY name_key", ENDPOINT);
    }

    @Override
    public boolean put(WebhookEndpoint e) {
        int updated = jdbc.update("UPDATE webhook_endpoint SET name = ?, url = ?, secret = ?, updated_at = ? "
                + "WHERE name_key = ?", e.name(), e.url().toString(), e.secret(), UtcTimestamps.toColumn(e.updatedAt()),
                WebhookEndpoint.key(e.name()));
        if (updated > 0) {
            return false;
        }
        return jdbc.update("INSERT INTO webhook_endpoint (name_key, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (name_key) DO NOTHING", WebhookEndpoint.key(e.name()), e.name(), e.url().toString(),
                e.secret(), UtcTimestamps.toColumn(e.createdAt()), UtcTimestamps.toColumn(e.updatedAt())) > 0;
    }

    @Override
    public boolean delete(String name) {
        return jdbc.update("DELETE FROM webhook_endpoint WHERE name_key = ?", WebhookEndpoint.key(name)) > 0;
    }
}

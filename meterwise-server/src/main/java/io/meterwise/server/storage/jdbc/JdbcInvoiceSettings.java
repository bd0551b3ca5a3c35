package io.meterwise.server.storage.jdbc;

import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.meterwise.core.billing.InvoiceSettings;

/** Per-subscription invoice settings: whether the Owner opted in to invoice download through the API. */
@Component
public class JdbcInvoiceSettings implements InvoiceSettings {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcInvoiceSettings(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean downloadOptIn(UUID subscriptionId) {
        return jdbc.query("SELECT download_opt_in FROM invoice_settings WHERE subscription_id = ?",
                rs -> rs.next() && rs.getBoolean(1), subscriptionId);
    }

    @Override
    public void setDownloadOptIn(UUID subscriptionId, boolean optIn) {
        jdbc.update("INSERT INTO invoice_settings (subscription_id, download_opt_in, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (subscription_id) DO UPDATE SET download_opt_in = excluded.download_opt_in, "
                + "updated_at = excluded.updated_at", subscriptionId, optIn, JdbcLedgerUsage.utc(clock.instant()));
    }
}

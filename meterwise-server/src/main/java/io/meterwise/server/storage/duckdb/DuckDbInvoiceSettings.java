package io.meterwise.server.storage.duckdb;

import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.meterwise.core.billing.InvoiceSettings;

/** Per-subscription invoice settings: whether the Owner opted in to invoice download through the API. */
@Component
public class DuckDbInvoiceSettings implements InvoiceSettings {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DuckDbInvoiceSettings(JdbcTemplate jdbc, Clock clock) {
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
        jdbc.update("INSERT OR REPLACE INTO invoice_settings (subscription_id, download_opt_in, updated_at) "
                + "VALUES (?, ?, ?)", subscriptionId, optIn, DuckDbLedgerUsage.utc(clock.instant()));
    }
}

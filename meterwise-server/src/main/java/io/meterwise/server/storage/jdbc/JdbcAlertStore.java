package io.meterwise.server.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import io.meterwise.core.budget.AlertStatus;
import io.meterwise.core.budget.AlertStore;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.FiredAlert;
import io.meterwise.server.budget.BudgetJson;
import io.meterwise.server.storage.UtcTimestamps;

/** Fired alerts in table {@code fired_alert}; portable SQL (DuckDB and PostgreSQL). */
@Repository
public class JdbcAlertStore implements AlertStore {

    private static final String COLUMNS = "SELECT alert_json, status, status_modified_at, status_modified_by, "
            + "enqueued_at FROM fired_alert ";
    private static final RowMapper<FiredAlert> ALERT = JdbcAlertStore::alert;

    private final JdbcTemplate jdbc;

    public JdbcAlertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertIfAbsent(FiredAlert a) {
        try {
            return jdbc.update("INSERT INTO fired_alert (alert_id, subscription_id, resource_group, alert_json, "
                    + "fired_at, status) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", a.id(),
                    a.rule().scope().subscriptionId(), a.rule().scope().resourceGroupKey(), BudgetJson.storedAlert(a),
                    UtcTimestamps.toColumn(a.firedAt()), a.status().wireName()) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public void markEnqueued(UUID id, Instant at) {
        jdbc.update("UPDATE fired_alert SET enqueued_at = ? WHERE alert_id = ? AND enqueued_at IS NULL",
                UtcTimestamps.toColumn(at), id);
    }

    @Override
    public List<FiredAlert> notEnqueued() {
        return jdbc.query(COLUMNS + "WHERE enqueued_at IS NULL ORDER BY fired_at, alert_id", ALERT);
    }

    @Override
    public Optional<FiredAlert> find(UUID id) {
        return jdbc.query(COLUMNS + "WHERE alert_id = ?", ALERT, id).stream().findFirst();
    }

    @Override
    public List<FiredAlert> list(BudgetScope scope) {
        if (scope.resourceGroup() == null) {
            return jdbc.query(COLUMNS + "WHERE subscription_id = ? ORDER BY fired_at DESC, alert_id", ALERT,
                    scope.subscriptionId());
        }
        return jdbc.query(COLUMNS + "WHERE subscription_id = ? AND resource_group = ? ORDER BY fired_at DESC, "
                + "alert_id", ALERT, scope.subscriptionId(), scope.resourceGroupKey());
    }

    @Override
    public boolean setStatus(UUID id, AlertStatus status, Instant at, String by) {
        return jdbc.update("UPDATE fired_alert SET status = ?, status_modified_at = ?, status_modified_by = ? "
                + "WHERE alert_id = ?", status.wireName(), UtcTimestamps.toColumn(at), by, id) == 1;
    }

    private static FiredAlert alert(ResultSet rs, int row) throws SQLException {
        return BudgetJson.alertFromStored(rs.getString(1), AlertStatus.fromWireName(rs.getString(2)).orElseThrow(),
                instant(rs, 3), rs.getString(4), instant(rs, 5));
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}

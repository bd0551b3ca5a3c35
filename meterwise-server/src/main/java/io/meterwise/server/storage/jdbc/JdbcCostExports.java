package io.meterwise.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExportStore;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExecutionType;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.RunStatus;
import io.meterwise.server.export.ExportJson;
import io.meterwise.server.storage.SealedSecrets;
import io.meterwise.server.storage.UtcTimestamps;

/**
 * Export definitions and run history (tables {@code cost_export}, {@code cost_export_run}) in portable SQL: the same
 * statements run on DuckDB and PostgreSQL. A subscription-scope export has resource group {@code ''}; resource group
 * names are kept in lower case (ARM compares them case-insensitively). An S3 secret is written sealed (ADR 0051), in
 * the definition and in each run's settings, and read back sealed: only the delivery opens it. Secrets an earlier
 * version stored in clear are sealed when the server starts.
 */
@Repository
public class JdbcCostExports implements CostExportStore, InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(JdbcCostExports.class);

    private static final String RUN_COLUMNS = "run_id, subscription_id, resource_group, name, execution_type, status, "
            + "submitted_by, submitted_at, started_at, ended_at, file_name, error_code, error_message, settings_json";

    private static final int SEAL_CHUNK = 1000;

    private static final String OPEN = "('" + RunStatus.Queued.name() + "', '" + RunStatus.InProgress.name() + "')";

    private final JdbcTemplate jdbc;
    private final SealedSecrets secrets;

    public JdbcCostExports(JdbcTemplate jdbc, SealedSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /**
     * Seals the S3 secrets an earlier version stored in clear, in definitions (by compare-and-set on the JSON read,
     * so a definition replaced meanwhile is not overwritten) and in run settings, in transactions of
     * {@value #SEAL_CHUNK} rows (one commit per row made a long history slow to start on DuckDB). A value that cannot
     * be sealed is logged and left, never a reason not to start.
     */
    @Override
    public void afterPropertiesSet() {
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            rows.addAll(jdbc.queryForList("SELECT NULL AS run_id, subscription_id, resource_group, name, "
                    + "definition_json AS json FROM cost_export WHERE " + clearSecret("definition_json")));
            rows.addAll(jdbc.queryForList("SELECT run_id, subscription_id, resource_group, name, settings_json AS json "
                    + "FROM cost_export_run WHERE " + clearSecret("settings_json")));
        } catch (RuntimeException e) {
            log.warn("Could not look for S3 secrets of cost exports stored in clear", e);
        }
        int sealed = 0;
        int failed = 0;
        for (int from = 0; from < rows.size(); from += SEAL_CHUNK) {
            List<Map<String, Object>> chunk = rows.subList(from, Math.min(rows.size(), from + SEAL_CHUNK));
            try {
                sealed += jdbc.execute((ConnectionCallback<Integer>) c -> sealInOneTransaction(c, chunk));
            } catch (RuntimeException e) {
                failed += chunk.size();
                log.warn("Could not seal the S3 secrets of {} cost export rows ({}); they stay readable in the store",
                        chunk.size(), e.getMessage());
            }
        }
        if (sealed > 0 || failed > 0) {
            log.info("Sealed {} S3 secrets of cost exports stored in clear by an earlier version ({} could not be)",
                    sealed, failed);
        }
    }

    private int sealInOneTransaction(Connection c, List<Map<String, Object>> rows) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        int sealed = 0;
        try (PreparedStatement definition = c.prepareStatement("UPDATE cost_export SET definition_json = ? WHERE "
                + "subscription_id = ? AND resource_group = ? AND name = ? AND definition_json = ?");
                // a run's settings are written once: replicas sealing one together each write a sealed value
                PreparedStatement run = c.prepareStatement("UPDATE cost_export_run SET settings_json = ? WHERE "
                        + "run_id = ?")) {
            for (Map<String, Object> row : rows) {
                String json = (String) row.get("json");
                if (row.get("run_id") == null) {
                    definition.setString(1, resealed(row, json));
                    definition.setObject(2, row.get("subscription_id"));
                    definition.setString(3, (String) row.get("resource_group"));
                    definition.setString(4, (String) row.get("name"));
                    definition.setString(5, json);
                    sealed += definition.executeUpdate();
                } else {
                    run.setString(1, resealed(row, json));
                    run.setString(2, (String) row.get("run_id"));
                    sealed += run.executeUpdate();
                }
            }
            c.commit();
            return sealed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** A condition on a JSON column: an S3 secret that is not sealed (JSON as {@link ExportJson} writes it). */
    private static String clearSecret(String column) {
        return column + " LIKE '%\"secretAccessKey\":\"%' AND " + column
                + " NOT LIKE '%\"secretAccessKey\":\"sealed:%'";
    }

    /** The stored JSON with its clear secret sealed, the rest untouched. */
    private String resealed(Map<String, Object> row, String json) {
        String group = (String) row.get("resource_group");
        ExportScope scope = new ExportScope(row.get("subscription_id") instanceof UUID u ? u
                : UUID.fromString(row.get("subscription_id").toString()), group.isEmpty() ? null : group);
        return ExportJson.withStoredSecret(json, secrets.seal(ExportJson.storedSecret(json),
                ExportJson.secretContext(scope, (String) row.get("name"))));
    }

    /** The export with its S3 secret sealed for it (a secret already sealed stays as it is). */
    private CostExport sealed(CostExport e) {
        if (!(e.destination() instanceof Destination.S3 s3) || SealedSecrets.isSealed(s3.secretAccessKey())) {
            return e;
        }
        Destination.S3 sealed = new Destination.S3(s3.endpoint(), s3.region(), s3.bucket(), s3.rootFolderPath(),
                s3.accessKeyId(), secrets.seal(s3.secretAccessKey(), ExportJson.secretContext(e.scope(), e.name())),
                s3.pathStyle());
        return new CostExport(e.scope(), e.name(), e.type(), e.timeframe(), e.customFrom(), e.customTo(), e.format(),
                e.gzip(), e.columns(), sealed, e.schedule(), e.createdAt(), e.updatedAt(), e.granularity());
    }

    @Override
    public boolean put(CostExport export) {
        ExportScope s = export.scope();
        boolean exists = get(s, export.name()).isPresent();
            jdbc.update("INSERT INTO cost_export (subscription_id, resource_group, name, scheduled, definition_json, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, resource_group, name) DO "
                    + "UPDATE SET scheduled = excluded.scheduled, definition_json = excluded.definition_json, "
                    + "updated_at = excluded.updated_at", s.subscriptionId(), group(s), export.name(),
                    export.schedule() != null, ExportJson.stored(sealed(export)),
                    UtcTimestamps.toColumn(export.updatedAt()));
        return !exists;
    }

    @Override
    public Optional<CostExport> get(ExportScope scope, String name) {
        return jdbc.query("SELECT definition_json FROM cost_export WHERE subscription_id = ? AND resource_group = ? "
                + "AND name = ?", (rs, i) -> ExportJson.fromStored(scope, name, rs.getString(1)),
                scope.subscriptionId(), group(scope), name).stream().findFirst();
    }

    @Override
    public List<CostExport> list(ExportScope scope) {
        return jdbc.query("SELECT name, definition_json FROM cost_export WHERE subscription_id = ? AND "
                + "resource_group = ? ORDER BY name", (rs, i) -> ExportJson.fromStored(scope, rs.getString(1),
                        rs.getString(2)), scope.subscriptionId(), group(scope));
    }

    @Override
    public List<CostExport> scheduled() {
        return jdbc.query("SELECT subscription_id, resource_group, name, definition_json FROM cost_export WHERE "
                + "scheduled ORDER BY subscription_id, resource_group, name", (rs, i) -> ExportJson.fromStored(
                        scope(rs, 1), rs.getString(3), rs.getString(4)));
    }

    @Override
    public boolean delete(ExportScope scope, String name) {
        boolean deleted = jdbc.update("DELETE FROM cost_export WHERE subscription_id = ? AND resource_group = ? "
                + "AND name = ?", scope.subscriptionId(), group(scope), name) > 0;
        jdbc.update("DELETE FROM cost_export_run WHERE subscription_id = ? AND resource_group = ? AND name = ?",
                scope.subscriptionId(), group(scope), name);
        return deleted;
    }

    @Override
    public void saveRun(ExportRun r, @Nullable Lease lease) {
        jdbc.update("INSERT INTO cost_export_run (" + RUN_COLUMNS + ", lease_owner, lease_until) VALUES (?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at, "
                + "ended_at = excluded.ended_at, "
                + "file_name = excluded.file_name, error_code = excluded.error_code, "
                + "error_message = excluded.error_message, lease_owner = excluded.lease_owner, "
                + "lease_until = excluded.lease_until", r.runId(), r.scope().subscriptionId(), group(r.scope()),
                r.exportName(), r.executionType().name(), r.status().name(), r.submittedBy(),
                UtcTimestamps.toColumn(r.submittedTime()), column(r.processingStartTime()),
                column(r.processingEndTime()), r.fileName(), r.errorCode(), r.error(),
                ExportJson.stored(sealed(r.settings())), lease == null ? null : lease.owner(),
                lease == null ? null : UtcTimestamps.toColumn(lease.until()));
    }

    @Override
    public int renewLeases(String owner, Instant until) {
        return jdbc.update("UPDATE cost_export_run SET lease_until = ? WHERE lease_owner = ? AND status IN " + OPEN,
                UtcTimestamps.toColumn(until), owner);
    }

    @Override
    public List<OpenRun> openRuns() {
        return jdbc.query("SELECT " + RUN_COLUMNS + ", lease_owner, lease_until FROM cost_export_run WHERE status IN "
                + OPEN + " ORDER BY submitted_at, run_id", (rs, i) -> new OpenRun(run(rs), rs.getString(15),
                        instant(rs, 16)));
    }

    @Override
    public boolean interrupt(OpenRun open, ExportRun failed) {
        // compare-and-set on the lease read: a replica that renewed it in the meantime keeps its run
        List<Object> args = new ArrayList<>(List.of(failed.status().name(), column(failed.processingEndTime()),
                failed.errorCode(), failed.error(), failed.runId()));
        String sql = "UPDATE cost_export_run SET status = ?, ended_at = ?, error_code = ?, error_message = ?, "
                + "lease_owner = NULL, lease_until = NULL WHERE run_id = ? AND status IN " + OPEN;
        if (open.leaseOwner() == null) {
            sql += " AND lease_owner IS NULL";
        } else {
            sql += " AND lease_owner = ?";
            args.add(open.leaseOwner());
        }
        if (open.leaseUntil() == null) {
            sql += " AND lease_until IS NULL";
        } else {
            sql += " AND lease_until = ?";
            args.add(UtcTimestamps.toColumn(open.leaseUntil()));
        }
        return jdbc.update(sql, args.toArray()) == 1;
    }

    @Override
    public List<ExportRun> runs(ExportScope scope, String name, int limit) {
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM cost_export_run WHERE subscription_id = ? AND "
                + "resource_group = ? AND name = ? ORDER BY submitted_at DESC, run_id LIMIT ?", (rs, i) -> run(rs),
                scope.subscriptionId(), group(scope), name, limit);
    }

    @Override
    public Optional<Instant> lastScheduledRun(ExportScope scope, String name) {
        return jdbc.query("SELECT max(submitted_at) FROM cost_export_run WHERE subscription_id = ? AND "
                + "resource_group = ? AND name = ? AND execution_type = ?", (rs, i) -> instant(rs, 1),
                scope.subscriptionId(), group(scope), name, ExecutionType.Scheduled.name()).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private static ExportRun run(ResultSet rs) throws SQLException {
        ExportScope scope = scope(rs, 2);
        String name = rs.getString(4);
        return new ExportRun(rs.getString(1), scope, name, ExecutionType.valueOf(rs.getString(5)),
                RunStatus.valueOf(rs.getString(6)), rs.getString(7), instant(rs, 8), instant(rs, 9), instant(rs, 10),
                rs.getString(11), rs.getString(12), rs.getString(13),
                ExportJson.fromStored(scope, name, rs.getString(14)));
    }

    private static ExportScope scope(ResultSet rs, int column) throws SQLException {
        String group = rs.getString(column + 1);
        return new ExportScope(rs.getObject(column, UUID.class), group.isEmpty() ? null : group);
    }

    private static String group(ExportScope scope) {
        return scope.resourceGroup() == null ? "" : scope.resourceGroup().toLowerCase(java.util.Locale.ROOT);
    }

    private static @Nullable LocalDateTime column(@Nullable Instant instant) {
        return instant == null ? null : UtcTimestamps.toColumn(instant);
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}

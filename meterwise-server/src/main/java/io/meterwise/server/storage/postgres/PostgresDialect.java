package io.meterwise.server.storage.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.meterwise.server.storage.jdbc.SqlDialect;

/** PostgreSQL: several servers may share one database, so writers serialise on transaction-scoped advisory locks. */
public final class PostgresDialect implements SqlDialect {

    private static final int BATCH = 1000;

    @Override
    public String store() {
        return "postgres";
    }

    /** Replicas share the database. */
    @Override
    public boolean sharedByProcesses() {
        return true;
    }

    @Override
    public String epochMicros(String timestamp) {
        return "CAST(extract(epoch FROM " + timestamp + ") * 1000000 AS BIGINT)";
    }

    @Override
    public String month(String timestamp) {
        return "to_char(" + timestamp + ", 'YYYY-MM')";
    }

    /**
     * {@code lower} follows the database's character type, which may be {@code C} (ASCII only), so a key beyond ASCII
     * is left to the caller, whose case-insensitive match is Java's.
     */
    @Override
    public @Nullable String tagValue(String tagsJson, String key) {
        if (!key.chars().allMatch(ch -> ch < 0x80)) {
            return null;
        }
        String json = "CAST(" + tagsJson + " AS jsonb)";
        return "coalesce(" + json + " ->> " + SqlDialect.literal(key) + ", (SELECT t.value FROM jsonb_each_text(" + json
                + ") t WHERE lower(t.key) = " + SqlDialect.literal(key.toLowerCase(Locale.ROOT)) + " LIMIT 1))";
    }

    @Override
    public String resourceGroup(String resourceUri) {
        return "coalesce(substring(" + resourceUri + " FROM '(?i)(?:^|/)resourceGroups/([^/]*)'), '')";
    }

    /** Batched inserts (the driver rewrites them to multi-row statements with {@code reWriteBatchedInserts}). */
    @Override
    public void insertRows(Connection c, String table, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(rows.get(0).length, "?"));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
            int pending = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof byte[] bytes) {
                        p.setBytes(i + 1, bytes);
                    } else {
                        p.setObject(i + 1, row[i]);
                    }
                }
                p.addBatch();
                if (++pending == BATCH) {
                    p.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                p.executeBatch();
            }
        }
    }

    @Override
    public void lockForTransaction(Connection c, WriterLock lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            p.setLong(1, lock.key());
            p.executeQuery().close();
        }
    }
}

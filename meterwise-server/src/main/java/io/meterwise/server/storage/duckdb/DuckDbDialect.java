package io.meterwise.server.storage.duckdb;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

import io.meterwise.server.storage.jdbc.SqlDialect;

/** DuckDB: one process per database file, bulk loads through the Appender. */
public final class DuckDbDialect implements SqlDialect {

    @Override
    public String store() {
        return "duckdb";
    }

    /** One process per database file. */
    @Override
    public boolean sharedByProcesses() {
        return false;
    }

    @Override
    public String epochMicros(String timestamp) {
        return "epoch_us(" + timestamp + ")";
    }

    @Override
    public String month(String timestamp) {
        return "strftime(" + timestamp + ", '%Y-%m')";
    }

    /** JSON paths quote the key, so a key holding {@code "} or {@code \\} is left to the caller. */
    @Override
    public @Nullable String tagValue(String tagsJson, String key) {
        if (key.contains("\"") || key.contains("\\")) {
            return null;
        }
        String exactPath = SqlDialect.literal("$.\"" + key + "\"");
        String lower = SqlDialect.literal(key.toLowerCase(Locale.ROOT));
        // SQL lambdas take no parameters, so the key is a literal
        return "coalesce(json_extract_string(" + tagsJson + ", " + exactPath + "), json_extract_string(" + tagsJson
                + ", '$.\"' || list_filter(json_keys(" + tagsJson + "), lambda k: lower(k) = " + lower
                + ")[1] || '\"'))";
    }

    @Override
    public String resourceGroup(String resourceUri) {
        return "regexp_extract(" + resourceUri + ", '(?i)(?:^|/)resourceGroups/([^/]*)', 1)";
    }

    /** The Appender is much faster than batched inserts, and joins the connection's transaction. */
    @Override
    public void insertRows(Connection c, String table, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("main", table)) {
            for (Object[] row : rows) {
                a.beginRow();
                for (Object value : row) {
                    append(a, value);
                }
                a.endRow();
            }
        }
    }

    private static void append(DuckDBAppender a, Object value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else if (value instanceof String s) {
            a.append(s);
        } else if (value instanceof Boolean b) {
            a.append(b.booleanValue());
        } else if (value instanceof Integer i) {
            a.append(i.intValue());
        } else if (value instanceof Long l) {
            a.append(l.longValue());
        } else if (value instanceof BigDecimal d) {
            a.append(d);
        } else if (value instanceof UUID u) {
            a.append(u);
        } else if (value instanceof byte[] bytes) {
            a.append(bytes);
        } else if (value instanceof LocalDateTime t) {
            a.append(t);
        } else {
            throw new IllegalArgumentException("cannot append a " + value.getClass().getName());
        }
    }

    @Override
    public void lockForTransaction(Connection c, WriterLock lock) {
        // one process per database file: the adapters' locks in the JVM suffice
    }

    @Override
    public void snapshotForReads(Connection c) {
        // every DuckDB transaction reads one snapshot
    }
}

package io.meterwise.server.storage.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

import io.meterwise.server.storage.jdbc.SqlDialect;

/** PostgreSQL: several servers may share one database, so writers serialise on transaction-scoped advisory locks. */
public final class PostgresDialect implements SqlDialect {

    private static final int BATCH = 1000;
    private static final DateTimeFormatter COPY_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

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

    /**
     * Loads {@code rows} into {@code columns} of {@code table} with one {@code COPY ... FROM STDIN} in the connection's
     * transaction (values as in {@link #insertRows}); returns the rows the database reports copied. Several times faster
     * than batched inserts for a bulk load: one statement, no per-row parse or bind.
     */
    public long copyRows(Connection c, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder text = new StringBuilder(rows.size() * 64 * columns.size());
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                copyValue(text, row[i]);
            }
            text.append('\n');
        }
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + String.join(", ", columns)
                    + ") FROM STDIN", new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** One value in COPY's text format: {@code \N} for null, bytea as {@code \x} hex, text escaped. */
    private static void copyValue(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof byte[] bytes) {
            out.append("\\\\x").append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof LocalDateTime time) {
            out.append(COPY_TIMESTAMP.format(time));
        } else if (value instanceof BigDecimal number) {
            out.append(number.toPlainString());
        } else {
            copyText(out, value.toString());
        }
    }

    /** COPY's text format: backslash, tab, newline and carriage return escaped. */
    static StringBuilder copyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    @Override
    public void lockForTransaction(Connection c, WriterLock lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            p.setLong(1, lock.key());
            p.executeQuery().close();
        }
    }

    @Override
    public void snapshotForReads(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }
}

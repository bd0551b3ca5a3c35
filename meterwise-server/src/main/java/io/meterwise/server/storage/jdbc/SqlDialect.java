package io.meterwise.server.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What differs between the stores under the shared JDBC adapters: a few SQL expressions, bulk loading, and how writers
 * that must be serialised across processes lock. Each store has one implementation, next to its configuration.
 */
public interface SqlDialect {

    /** The migration folder under {@code db/migration/}: {@code duckdb} or {@code postgres}. */
    String store();

    /**
     * Whether several server processes may use the store at once: then state an adapter keeps in the JVM (a cache, a
     * counter) must be checked against the store.
     */
    boolean sharedByProcesses();

    /** A BIGINT expression: microseconds since the epoch of a UTC {@code TIMESTAMP} expression. */
    String epochMicros(String timestamp);

    /** A VARCHAR expression {@code yyyy-MM} of a {@code TIMESTAMP} expression. */
    String month(String timestamp);

    /**
     * A VARCHAR expression: the value of tag {@code key} in the JSON object text column {@code tagsJson}, the key
     * matched exactly, else case-insensitively; null when absent ({@code PeriodUsage.RecordKey.valueOf}). Null when the
     * store cannot express that key in SQL (the caller then computes it from the records).
     */
    @Nullable String tagValue(String tagsJson, String key);

    /**
     * A VARCHAR expression: the segment after the first {@code resourceGroups} segment (any case) of the resource id
     * {@code resourceUri}, empty when there is none ({@code Resources.group}).
     */
    String resourceGroup(String resourceUri);

    /** {@code text} as an SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * Inserts {@code rows} into all columns of {@code table}, in table order, in the connection's transaction. Values
     * are null, String, Boolean, Integer, Long, BigDecimal, UUID, byte[] or {@link java.time.LocalDateTime} (UTC).
     */
    void insertRows(Connection c, String table, List<Object[]> rows) throws SQLException;

    /**
     * Serialises writers named {@code lock} across every process on the store until the connection's transaction
     * ends. One process per store (DuckDB) does nothing: its adapters already hold a lock in the JVM.
     */
    void lockForTransaction(Connection c, WriterLock lock) throws SQLException;

    /**
     * Makes the transaction just begun on {@code c} (auto-commit off, no statement run yet) read one snapshot, so
     * several reads in it see the same rows.
     */
    void snapshotForReads(Connection c) throws SQLException;

    /** The writers that must never run concurrently, on any replica. */
    enum WriterLock {
        USAGE_LEDGER(1),
        INVOICE_ISSUING(2),
        SCHEMA_MIGRATION(3),
        CATALOG(4);

        private final long key;

        WriterLock(long key) {
            this.key = key;
        }

        /** The key of the lock, unique among Meterwise's locks. */
        public long key() {
            return 0x4d57_0000L + key;
        }
    }
}

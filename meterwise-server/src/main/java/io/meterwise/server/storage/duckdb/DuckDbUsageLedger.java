package io.meterwise.server.storage.duckdb;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.SortedJson;
import io.meterwise.server.storage.UtcTimestamps;
import io.meterwise.server.storage.jdbc.LedgerBatches;

/**
 * The usage ledger in DuckDB, with one writer at a time (ADR 0006). A batch is loaded with the Appender into a
 * temporary staging table; in the same transaction its record ids' fingerprints are joined with the narrow key table
 * {@code usage_record_key}, and only the stored records those hits name (by {@code ingest_seq}) are compared with the
 * staged ones by record id and content: equal content is a duplicate and skipped, different content a conflict that
 * rejects the whole batch, another id a fingerprint collision and no match (ADR 0040). The new records and their keys
 * are then inserted with {@code ingest_seq} continuing from the largest stored one, in batch order, and the transaction
 * commits before {@link #append} returns.
 */
public final class DuckDbUsageLedger extends LedgerBatches implements AutoCloseable {

    private static final String STAGING = "usage_staging";
    /**
     * The key of a record id in {@code usage_record_key}: 60 bits of its MD5, as in the migration that created the
     * table. 60 bits keep a false hit (then re-checked exactly) below one in a million batches at 20 million records.
     */
    static final String FINGERPRINT = "CAST(md5_number_lower(%s) >> 4 AS BIGINT)";

    /** The SQL expression of the key of the record id expression {@code recordId}, for loaders that bypass the ledger. */
    public static String fingerprint(String recordId) {
        return FINGERPRINT.formatted(recordId);
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final ReentrantLock writer = new ReentrantLock();
    /** Guarded by {@link #writer}. */
    private Connection connection;
    /** Guarded by {@link #writer}; -1 until read. */
    private long lastSeq = -1;

    public DuckDbUsageLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * The clock read while holding the writer lock: every batch stamped with a report time before this instant has
     * committed, so a reader polling {@code reported_at < watermark} never misses a record that commits later.
     */
    public Instant watermark() {
        writer.lock();
        try {
            return clock.instant();
        } finally {
            writer.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        writer.lock();
        try {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    protected IngestionResult store(List<UsageRecord> batch, List<Integer> unique, long inBatchDuplicates,
            boolean stampNow, IngestionBatch.@Nullable Receipt receipt) {
        writer.lock();
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                Instant stamp = stampNow ? clock.instant() : null;
                stage(c, batch, unique, stamp);
                List<RecordError> conflicts = new ArrayList<>();
                long stored = matchStored(c, unique, conflicts);
                if (!conflicts.isEmpty()) {
                    c.rollback();
                    return IngestionResult.rejected(batch.size(), conflicts);
                }
                long inserted = insertNew(c);
                IngestionResult result = new IngestionResult(inserted, inBatchDuplicates + stored, 0, List.of());
                logStored(c, receipt, batch, result);
                c.commit();
                lastSeq += inserted;
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("could not store a batch of " + batch.size() + " usage records: "
                    + e.getMessage(), e);
        } finally {
            writer.unlock();
        }
    }

    private void stage(Connection c, List<UsageRecord> batch, List<Integer> unique, Instant stamp)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + STAGING);
        }
        long stampMicros = stamp == null ? 0 : UtcTimestamps.epochMicros(stamp);
        try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", STAGING)) {
            for (int index : unique) {
                UsageRecord r = batch.get(index);
                appender.beginRow()
                        .append((long) index + 1)
                        .append(r.recordId())
                        .append(r.subscriptionId())
                        .append(r.meterId())
                        .append(scaled(r.quantity()))
                        .appendEpochMicros(UtcTimestamps.epochMicros(r.usageStart()))
                        .appendEpochMicros(UtcTimestamps.epochMicros(r.usageEnd()))
                        .append(r.resourceUri())
                        .append(r.location())
                        .append(SortedJson.of(r.tags()))
                        .append(SortedJson.of(r.additionalInfo()))
                        .appendEpochMicros(stamp == null ? UtcTimestamps.epochMicros(r.reportedAt()) : stampMicros)
                        .endRow();
            }
        }
    }

    private static BigDecimal scaled(BigDecimal quantity) {
        return quantity.scale() == 9 ? quantity : quantity.setScale(9);
    }

    /** Counts staged records already stored with the same content; adds an error for each stored with other content. */
    private static long matchStored(Connection c, List<Integer> unique, List<RecordError> conflicts)
            throws SQLException {
        long duplicates = 0;
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM usage_match");
            s.execute("DELETE FROM usage_hit");
            // two statements, so the optimiser cannot join the batch with the wide ledger on record_id first
            int hits = s.executeUpdate("INSERT INTO usage_hit SELECT s.line, k.ingest_seq FROM usage_staging s "
                    + "JOIN main.usage_record_key k ON k.fingerprint = " + FINGERPRINT.formatted("s.record_id"));
            if (hits == 0) {
                return 0;
            }
            s.execute("INSERT INTO usage_match SELECT s.line, s.record_id, " + LedgerBatches.SAME_CONTENT + """
                     AS same
                    FROM usage_hit h JOIN usage_staging s ON s.line = h.line
                    JOIN main.usage_record u ON u.ingest_seq = h.ingest_seq AND u.record_id = s.record_id
                    GROUP BY s.line, s.record_id""");
            try (ResultSet rs = s.executeQuery("SELECT line, record_id, same FROM usage_match ORDER BY line")) {
                while (rs.next()) {
                    if (rs.getBoolean(3)) {
                        duplicates++;
                    } else {
                        conflicts.add(LedgerBatches.storedConflict(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            if (duplicates > 0 && conflicts.isEmpty()) {
                s.execute("DELETE FROM usage_staging WHERE line IN (SELECT line FROM usage_match)");
            }
        }
        return duplicates;
    }

    private long insertNew(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO main.usage_record
                SELECT ? + row_number() OVER (ORDER BY line), record_id, subscription_id, meter_id, quantity,
                       usage_start, usage_end, resource_uri, location, tags_json, additional_info_json, reported_at
                FROM usage_staging ORDER BY line""")) {
            p.setLong(1, lastSeq);
            long inserted = p.executeUpdate();
            try (PreparedStatement keys = c.prepareStatement("INSERT INTO main.usage_record_key SELECT "
                    + FINGERPRINT.formatted("record_id") + ", ? + row_number() OVER (ORDER BY line) "
                    + "FROM usage_staging")) {
                keys.setLong(1, lastSeq);
                keys.executeUpdate();
            }
            return inserted;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE " + STAGING + " AS SELECT CAST(0 AS BIGINT) AS line, record_id, "
                        + "subscription_id, meter_id, quantity, usage_start, usage_end, resource_uri, location, "
                        + "tags_json, additional_info_json, reported_at FROM main.usage_record LIMIT 0");
                s.execute("CREATE TEMP TABLE usage_match (line BIGINT, record_id VARCHAR, same BOOLEAN)");
                s.execute("CREATE TEMP TABLE usage_hit (line BIGINT, ingest_seq BIGINT)");
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(ingest_seq), 0) FROM main.usage_record")) {
                    rs.next();
                    lastSeq = rs.getLong(1);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }
}

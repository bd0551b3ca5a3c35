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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * temporary staging table and its record ids' fingerprints are read back. The ledger holds a Bloom filter of every
 * stored fingerprint ({@link FingerprintFilter}, built from the key table {@code usage_record_key} when the ledger
 * opens): a batch none of whose fingerprints may be stored touches no stored data. Otherwise the fingerprints that may
 * be are joined with the key table, and only the stored records those hits name (by {@code ingest_seq}) are compared
 * with the staged ones by record id and content: equal content is a duplicate and skipped, different content a
 * conflict that rejects the whole batch, another id a fingerprint collision and no match (ADR 0040). The new records
 * and their keys are then inserted with {@code ingest_seq} continuing from the largest stored one, in batch order; the
 * transaction commits before {@link #append} returns, and only then are the new fingerprints added to the filter.
 *
 * <p>Records appended around the ledger (bulk loaders, tests) must take {@code ingest_seq} above every stored one, as
 * {@code max(ingest_seq) + i} does: before each batch the ledger keys the records above the last sequence it knows
 * and adds them to its filter.
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

    /** Rows of the key table read per query while building the filter, so the driver never holds the whole column. */
    private static final long BUILD_STEP = 1 << 20;

    private final DataSource dataSource;
    private final Clock clock;
    private final FingerprintFilter.Sizing sizing;
    private final ReentrantLock writer = new ReentrantLock();
    /** Guarded by {@link #writer}. */
    private Connection connection;
    /** Guarded by {@link #writer}: the largest ingest_seq whose record is keyed and in {@link #filter}. */
    private long lastSeq = -1;
    /** Guarded by {@link #writer}; built with {@link #connection}. */
    private FingerprintFilter filter;
    /** Guarded by {@link #writer}: batches that needed the key table (some fingerprint may have been stored). */
    private long keyProbes;

    public DuckDbUsageLedger(DataSource dataSource, Clock clock) {
        this(dataSource, clock, FingerprintFilter.Sizing.DEFAULT);
    }

    DuckDbUsageLedger(DataSource dataSource, Clock clock, FingerprintFilter.Sizing sizing) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.sizing = sizing;
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
                filter = null;
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
            catchUp(c);
            Map<Long, Long> fingerprints;
            IngestionResult result;
            c.setAutoCommit(false);
            try {
                Instant stamp = stampNow ? clock.instant() : null;
                stage(c, batch, unique, stamp);
                fingerprints = stagedFingerprints(c);
                List<RecordError> conflicts = new ArrayList<>();
                long stored = 0;
                if (probeCandidates(c, fingerprints)) {
                    keyProbes++;
                    stored = matchStored(c, conflicts, fingerprints);
                }
                if (!conflicts.isEmpty()) {
                    c.rollback();
                    return IngestionResult.rejected(batch.size(), conflicts);
                }
                long inserted = insertNew(c);
                result = new IngestionResult(inserted, inBatchDuplicates + stored, 0, List.of());
                logStored(c, receipt, batch, result);
                c.commit();
                lastSeq += inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            remember(c, fingerprints.values());
            return result;
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

    /** The fingerprint of each staged line, computed by DuckDB so it is the one the key table holds. */
    private static Map<Long, Long> stagedFingerprints(Connection c) throws SQLException {
        Map<Long, Long> fingerprints = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT line, "
                + FINGERPRINT.formatted("record_id") + " FROM " + STAGING)) {
            while (rs.next()) {
                fingerprints.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return fingerprints;
    }

    /** Stages the lines whose fingerprint may be stored, by the filter; false if there is none (nothing to probe). */
    private boolean probeCandidates(Connection c, Map<Long, Long> fingerprints) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM usage_candidate");
        }
        boolean any = false;
        try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender("temp", "main",
                "usage_candidate")) {
            for (var line : fingerprints.entrySet()) {
                if (filter.mightContain(line.getValue())) {
                    appender.beginRow().append(line.getKey()).append(line.getValue()).endRow();
                    any = true;
                }
            }
        }
        return any;
    }

    /**
     * Counts candidate lines already stored with the same content, removing them from the staging table and from
     * {@code fingerprints}; adds an error for each stored with other content.
     */
    private static long matchStored(Connection c, List<RecordError> conflicts, Map<Long, Long> fingerprints)
            throws SQLException {
        long duplicates = 0;
        List<Long> duplicateLines = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM usage_match");
            s.execute("DELETE FROM usage_hit");
            // two statements, so the optimiser cannot join the batch with the wide ledger on record_id first
            int hits = s.executeUpdate("INSERT INTO usage_hit SELECT d.line, k.ingest_seq FROM usage_candidate d "
                    + "JOIN main.usage_record_key k ON k.fingerprint = d.fingerprint");
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
                        duplicateLines.add(rs.getLong(1));
                    } else {
                        conflicts.add(LedgerBatches.storedConflict(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            if (duplicates > 0 && conflicts.isEmpty()) {
                s.execute("DELETE FROM usage_staging WHERE line IN (SELECT line FROM usage_match)");
            }
        }
        duplicateLines.forEach(fingerprints::remove);
        return duplicates;
    }

    /**
     * Keys the records appended around the ledger since the last batch (ingest_seq above {@link #lastSeq}) and adds
     * them to the filter; the zone maps of ingest_seq make the check read only the newest row groups.
     */
    private void catchUp(Connection c) throws SQLException {
        long newest;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT max(ingest_seq) FROM main.usage_record WHERE ingest_seq > " + lastSeq)) {
            rs.next();
            newest = rs.getLong(1);
            if (rs.wasNull()) {
                return;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO main.usage_record_key SELECT " + FINGERPRINT.formatted("record_id")
                    + ", ingest_seq FROM main.usage_record WHERE ingest_seq > " + lastSeq + " AND ingest_seq NOT IN "
                    + "(SELECT ingest_seq FROM main.usage_record_key WHERE ingest_seq > " + lastSeq + ")");
            try (ResultSet rs = s.executeQuery("SELECT fingerprint FROM main.usage_record_key WHERE ingest_seq > "
                    + lastSeq)) {
                while (rs.next()) {
                    filter.add(rs.getLong(1));
                }
            }
        }
        lastSeq = newest;
        if (filter.full()) {
            filter = build(c);
        }
    }

    /** After a commit: adds the stored fingerprints, or rebuilds the filter larger from the key table once full. */
    private void remember(Connection c, Collection<Long> stored) throws SQLException {
        if (filter.count() + stored.size() > filter.capacity()) {
            filter = build(c);
            return;
        }
        for (long fingerprint : stored) {
            filter.add(fingerprint);
        }
    }

    /**
     * A filter of every key stored, sized for their count with headroom; read in ranges of ingest_seq, so the driver
     * holds one range at a time and the zone maps skip the other row groups.
     */
    private FingerprintFilter build(Connection c) throws SQLException {
        FingerprintFilter built;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM main.usage_record_key")) {
            rs.next();
            built = new FingerprintFilter(sizing.capacityFor(rs.getLong(1)), sizing);
        }
        try (PreparedStatement range = c.prepareStatement("SELECT fingerprint FROM main.usage_record_key "
                + "WHERE ingest_seq > ? AND ingest_seq <= ?");
                PreparedStatement next = c.prepareStatement("SELECT min(ingest_seq) - 1 FROM main.usage_record_key "
                        + "WHERE ingest_seq > ?")) {
            long from = Long.MIN_VALUE;
            while (true) {
                next.setLong(1, from);
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    from = rs.getLong(1);
                    if (rs.wasNull()) {
                        return built;
                    }
                }
                boolean dense = true;
                while (dense) {
                    long to = from > Long.MAX_VALUE - BUILD_STEP ? Long.MAX_VALUE : from + BUILD_STEP;
                    range.setLong(1, from);
                    range.setLong(2, to);
                    dense = false;
                    try (ResultSet rs = range.executeQuery()) {
                        while (rs.next()) {
                            built.add(rs.getLong(1));
                            dense = true;
                        }
                    }
                    from = to;
                    if (to == Long.MAX_VALUE) {
                        return built;
                    }
                }
            }
        }
    }

    /** The filter, for tests. */
    FingerprintFilter filter() {
        writer.lock();
        try {
            return filter;
        } finally {
            writer.unlock();
        }
    }

    /** How many batches needed the key table, for tests. */
    long keyProbes() {
        writer.lock();
        try {
            return keyProbes;
        } finally {
            writer.unlock();
        }
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
                s.execute("CREATE TEMP TABLE usage_candidate (line BIGINT, fingerprint BIGINT)");
                // before the filter is built: what is keyed after this read is caught up before the next batch
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(ingest_seq), 0) FROM main.usage_record_key")) {
                    rs.next();
                    lastSeq = rs.getLong(1);
                }
                filter = build(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }
}

package io.meterwise.server.storage.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.storage.SortedJson;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.jdbc.LedgerBatches;
import io.meterwise.server.storage.jdbc.SqlDialect;

/**
 * The usage ledger in PostgreSQL, shared by every replica. A batch is copied ({@code COPY}) into a temporary staging
 * table, then, holding the ledger's advisory lock for the rest of the transaction, joined on record id with the stored
 * records (an index makes that independent of the ledger's size): equal content is a duplicate and skipped, different
 * content a conflict that rejects the whole batch. New records get {@code ingest_seq} after the largest stored one and,
 * unless the batch brings its own, the database clock ({@code meterwise_now()}) as report time, read under the lock: sequence numbers follow
 * commit order and report times never go backwards across replicas, so the {@link #watermark} holds for all of them.
 */
public final class PostgresUsageLedger extends LedgerBatches {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final String NOW_MICROS = "SELECT CAST(extract(epoch FROM meterwise_now()) * 1000000 AS BIGINT)";

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public PostgresUsageLedger(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * The database clock read once every batch that holds the ledger lock has committed: a batch stamped before this
     * instant is visible, and any later batch is stamped after it, on whichever replica it arrives.
     */
    public Instant watermark() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)");
                    Statement s = c.createStatement()) {
                lock.setLong(1, SqlDialect.WriterLock.USAGE_LEDGER.key());
                lock.executeQuery().close();
                long micros = nowMicros(s);
                c.commit();
                return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the report-time watermark: " + e.getMessage(), e);
        }
    }

    @Override
    protected IngestionResult store(List<UsageRecord> batch, List<Integer> unique, long inBatchDuplicates,
            boolean stampNow, IngestionBatch.@Nullable Receipt receipt) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                stage(c, batch, unique, stampNow);
                dialect.lockForTransaction(c, SqlDialect.WriterLock.USAGE_LEDGER);
                List<RecordError> conflicts = new ArrayList<>();
                long stored = matchStored(c, conflicts);
                if (!conflicts.isEmpty()) {
                    c.rollback();
                    return IngestionResult.rejected(batch.size(), conflicts);
                }
                long inserted = insertNew(c);
                IngestionResult result = new IngestionResult(inserted, inBatchDuplicates + stored, 0, List.of());
                logStored(c, receipt, batch, result);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | IOException e) {
            throw new StorageException("could not store a batch of " + batch.size() + " usage records: "
                    + e.getMessage(), e);
        }
    }

    /** Copies the batch's unique records into this transaction's staging table; report time null means "now". */
    private static void stage(Connection c, List<UsageRecord> batch, List<Integer> unique, boolean stampNow)
            throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS usage_staging (line BIGINT, record_id VARCHAR, "
                    + "subscription_id UUID, meter_id UUID, quantity DECIMAL(38, 9), usage_start TIMESTAMP, "
                    + "usage_end TIMESTAMP, resource_uri VARCHAR, location VARCHAR, tags_json VARCHAR, "
                    + "additional_info_json VARCHAR, reported_at TIMESTAMP) ON COMMIT DELETE ROWS");
        }
        StringBuilder rows = new StringBuilder(unique.size() * 256);
        for (int index : unique) {
            UsageRecord r = batch.get(index);
            rows.append(index + 1).append('\t');
            text(rows, r.recordId()).append('\t').append(r.subscriptionId()).append('\t').append(r.meterId())
                    .append('\t').append(scaled(r.quantity()).toPlainString()).append('\t')
                    .append(TIMESTAMP.format(r.usageStart())).append('\t').append(TIMESTAMP.format(r.usageEnd()))
                    .append('\t');
            text(rows, r.resourceUri()).append('\t');
            text(rows, r.location()).append('\t');
            text(rows, SortedJson.of(r.tags())).append('\t');
            text(rows, SortedJson.of(r.additionalInfo())).append('\t');
            rows.append(stampNow ? "\\N" : TIMESTAMP.format(r.reportedAt())).append('\n');
        }
        c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY usage_staging FROM STDIN", new StringReader(rows.toString()));
    }

    private static StringBuilder text(StringBuilder out, String value) {
        return PostgresDialect.copyText(out, value);
    }

    private static BigDecimal scaled(BigDecimal quantity) {
        return quantity.scale() == 9 ? quantity : quantity.setScale(9);
    }

    /**
     * The staged records already stored, one row per line, by one index probe per staged record: the aggregate in a
     * lateral subquery keeps the planner from hash-joining the batch with the whole ledger (its estimate of the
     * unanalysed staging table is a guess), so the cost follows the batch, not the ledger (ADR 0040).
     */
    private static final String MATCH_STORED = "SELECT s.line, s.record_id, m.same FROM usage_staging s "
            + "CROSS JOIN LATERAL (SELECT " + LedgerBatches.SAME_CONTENT + " AS same FROM usage_record u "
            + "WHERE u.record_id = s.record_id) m WHERE m.same IS NOT NULL ORDER BY s.line";

    /** Counts staged records already stored with the same content; adds an error for each stored with other content. */
    private static long matchStored(Connection c, List<RecordError> conflicts) throws SQLException {
        long duplicates = 0;
        List<Long> duplicateLines = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(MATCH_STORED)) {
            while (rs.next()) {
                if (rs.getBoolean(3)) {
                    duplicates++;
                    duplicateLines.add(rs.getLong(1));
                } else {
                    conflicts.add(LedgerBatches.storedConflict(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        if (!duplicateLines.isEmpty() && conflicts.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM usage_staging WHERE line = ANY (?)")) {
                p.setArray(1, c.createArrayOf("bigint", duplicateLines.toArray()));
                p.executeUpdate();
            }
        }
        return duplicates;
    }

    /** Under the ledger lock: sequence numbers continue the stored ones, the report time is the database's now. */
    private static long insertNew(Connection c) throws SQLException {
        long lastSeq;
        long nowMicros;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(ingest_seq), 0) FROM usage_record")) {
                rs.next();
                lastSeq = rs.getLong(1);
            }
            nowMicros = nowMicros(s);
        }
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO usage_record
                SELECT ? + row_number() OVER (ORDER BY line), record_id, subscription_id, meter_id, quantity,
                       usage_start, usage_end, resource_uri, location, tags_json, additional_info_json,
                       coalesce(reported_at, ?)
                FROM usage_staging ORDER BY line""")) {
            p.setLong(1, lastSeq);
            p.setObject(2, LocalDateTime.ofInstant(Instant.EPOCH.plus(nowMicros, ChronoUnit.MICROS), ZoneOffset.UTC));
            return p.executeUpdate();
        }
    }

    private static long nowMicros(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(NOW_MICROS)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

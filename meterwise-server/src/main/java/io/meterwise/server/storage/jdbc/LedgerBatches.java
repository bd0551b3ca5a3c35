package io.meterwise.server.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;

/**
 * What every store's ledger does before it looks at the stored records: an empty batch stores nothing, a record id
 * repeated with other content rejects the batch, a repeated equal record counts as a duplicate. The store then checks
 * the unique records against the stored ones in {@link #store}.
 */
public abstract class LedgerBatches implements UsageLedger {

    @Override
    public final IngestionResult append(List<UsageRecord> batch) {
        return write(batch, true, null);
    }

    @Override
    public final IngestionResult append(List<UsageRecord> batch, IngestionBatch.Receipt receipt) {
        return write(batch, true, receipt);
    }

    @Override
    public final IngestionResult appendAsReportedAt(List<UsageRecord> batch) {
        return write(batch, false, null);
    }

    private IngestionResult write(List<UsageRecord> batch, boolean stampNow, IngestionBatch.@Nullable Receipt receipt) {
        if (batch.isEmpty() && receipt == null) {
            return new IngestionResult(0, 0, 0, List.of());
        }
        List<RecordError> inBatchConflicts = new ArrayList<>();
        List<Integer> unique = uniqueInBatch(batch, inBatchConflicts);
        if (!inBatchConflicts.isEmpty()) {
            return IngestionResult.rejected(batch.size(), inBatchConflicts);
        }
        return store(batch, unique, batch.size() - unique.size(), stampNow, receipt);
    }

    /**
     * Stores the records at {@code unique} indexes of {@code batch} in one transaction, all or none; {@code stampNow}:
     * report time is the store's now rather than each record's. With a {@code receipt}, a stored batch is logged in
     * that transaction ({@link #logStored}).
     */
    protected abstract IngestionResult store(List<UsageRecord> batch, List<Integer> unique, long inBatchDuplicates,
            boolean stampNow, IngestionBatch.@Nullable Receipt receipt);

    /** Writes the ingestion-log entry of a stored batch in the connection's transaction, before it commits. */
    protected static void logStored(Connection c, IngestionBatch.@Nullable Receipt receipt, List<UsageRecord> batch,
            IngestionResult result) throws SQLException {
        if (receipt != null) {
            JdbcIngestionLog.insert(c, receipt.outcome(batch, batch.size(), result));
        }
    }

    /** Indexes of the first record with each id; a repeated id with other content is a conflict. */
    private static List<Integer> uniqueInBatch(List<UsageRecord> batch, List<RecordError> conflicts) {
        Map<String, Integer> first = new HashMap<>(batch.size() * 2);
        List<Integer> unique = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            UsageRecord r = batch.get(i);
            Integer earlier = first.putIfAbsent(r.recordId(), i);
            if (earlier == null) {
                unique.add(i);
            } else if (!batch.get(earlier).sameContentAs(r)) {
                conflicts.add(new RecordError(i + 1, "recordId", "conflict: record id '" + r.recordId()
                        + "' is also on line " + (earlier + 1) + " with different content"));
            }
        }
        return unique;
    }

    /**
     * Whether staged record {@code s} (table {@code usage_staging}) has the content of the stored records {@code u}
     * with its id, as an aggregate over them: {@code true} is a duplicate, {@code false} a conflict. Each store finds
     * the stored records its own way, without scanning the ledger (ADR 0040).
     */
    public static final String SAME_CONTENT = """
            bool_and(u.subscription_id = s.subscription_id AND u.meter_id = s.meter_id
                AND u.quantity = s.quantity AND u.usage_start = s.usage_start
                AND u.usage_end = s.usage_end AND u.resource_uri = s.resource_uri
                AND u.location = s.location AND u.tags_json = s.tags_json
                AND u.additional_info_json = s.additional_info_json)""";

    /** The error of a staged line whose id is stored with other content. */
    public static RecordError storedConflict(long line, String recordId) {
        return new RecordError(line, "recordId", "conflict: record id '" + recordId
                + "' is already stored with different content");
    }
}

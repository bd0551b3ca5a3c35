package io.meterwise.core.usage;

import java.util.List;

/**
 * The store of usage records. {@link #append} is idempotent (a record id already stored with the same content counts
 * as a duplicate and is not stored again) and atomic (a batch with any conflict is stored not at all). Records must
 * already be validated with {@link UsageValidator}.
 */
public interface UsageLedger {

    /**
     * Stores a batch. A record whose id is stored with different content, or appears twice in the batch with different
     * content, is a conflict: the result then lists every conflict as an error and nothing is stored.
     */
    IngestionResult append(List<UsageRecord> batch);

    /**
     * Like {@link #append}, and when the batch is stored, logs it to the {@link IngestionLog} in the same transaction:
     * its records and its log entry commit together or not at all. A rejected batch is not logged here (nothing of it
     * is written); the caller logs it.
     */
    IngestionResult append(List<UsageRecord> batch, IngestionBatch.Receipt receipt);

    /**
     * Like {@link #append} but keeps each record's own {@code reportedAt} instead of stamping the time of the append:
     * for backfills and the demo cloud, which replay usage reported in the past.
     */
    IngestionResult appendAsReportedAt(List<UsageRecord> batch);
}

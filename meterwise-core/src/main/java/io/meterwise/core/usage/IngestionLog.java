package io.meterwise.core.usage;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The log of ingested batches, newest first. A stored batch is logged by the {@link UsageLedger} in the transaction
 * that stores its records ({@link UsageLedger#append(List, IngestionBatch.Receipt)}); a rejected batch, which stores
 * nothing, is logged here with {@link #record}.
 */
public interface IngestionLog {

    /** Logs a batch in a transaction of its own. */
    void record(IngestionBatch batch);

    /** Up to {@code limit} batches, newest first, after {@code after} when given (the last one of the previous page). */
    List<IngestionBatch> latest(int limit, @Nullable Position after);

    /** Deletes the batches received before {@code cutoff}; answers how many. */
    long pruneBefore(Instant cutoff);

    /** Where a page ended: batches are ordered by arrival, newest first, then by id. */
    record Position(Instant receivedAt, String batchId) {

        public static Position of(IngestionBatch batch) {
            return new Position(batch.receivedAt(), batch.batchId());
        }
    }
}

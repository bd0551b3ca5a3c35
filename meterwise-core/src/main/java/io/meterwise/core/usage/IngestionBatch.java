package io.meterwise.core.usage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One batch as the operator sees it afterwards: when it arrived, which subscriptions it named, how many of its records
 * were stored, already there or refused, the first reasons for a refusal, and whether it was stored at all (a batch is
 * all or nothing, so a {@link Status#REJECTED} batch stored no record).
 */
public record IngestionBatch(String batchId, Instant receivedAt, List<UUID> subscriptionIds, long subscriptionCount,
        long records, long accepted, long duplicates, long rejected, List<RecordError> firstErrors, Status status) {

    /** Reasons kept per batch: enough to see what went wrong; the full list went back in the ingestion answer. */
    public static final int MAX_KEPT_ERRORS = 5;
    /** Subscription ids kept per batch; {@link #subscriptionCount()} has them all. */
    public static final int MAX_KEPT_SUBSCRIPTIONS = 20;

    public enum Status {
        STORED, REJECTED
    }

    public IngestionBatch {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        subscriptionIds = List.copyOf(subscriptionIds);
        firstErrors = List.copyOf(firstErrors);
        Objects.requireNonNull(status, "status");
        if (subscriptionIds.size() > MAX_KEPT_SUBSCRIPTIONS || firstErrors.size() > MAX_KEPT_ERRORS) {
            throw new IllegalArgumentException("an ingestion batch keeps at most " + MAX_KEPT_SUBSCRIPTIONS
                    + " subscription ids and " + MAX_KEPT_ERRORS + " errors");
        }
        if (status == Status.REJECTED && accepted != 0) {
            throw new IllegalArgumentException("a rejected batch stores nothing");
        }
    }

    /** The id and arrival time of a batch being ingested, given before its outcome is known. */
    public record Receipt(String batchId, Instant receivedAt) {

        public Receipt {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }

        /** The log entry of this batch: {@code records} parsed of {@code total}, with the outcome {@code result}. */
        public IngestionBatch outcome(List<UsageRecord> records, long total, IngestionResult result) {
            TreeSet<UUID> subscriptions = new TreeSet<>();
            records.forEach(r -> subscriptions.add(r.subscriptionId()));
            return new IngestionBatch(batchId, receivedAt,
                    subscriptions.stream().limit(MAX_KEPT_SUBSCRIPTIONS).toList(), subscriptions.size(), total,
                    result.accepted(), result.duplicates(), result.rejected(),
                    result.errors().stream().limit(MAX_KEPT_ERRORS).toList(),
                    result.isRejected() ? Status.REJECTED : Status.STORED);
        }
    }
}

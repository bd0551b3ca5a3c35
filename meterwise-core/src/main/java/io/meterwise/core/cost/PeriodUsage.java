package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

/** Port: reads the usage records of one subscription's billing period from the ledger. */
public interface PeriodUsage {

    /** The ledger's position now: the highest sequence number stored (0 when empty). */
    long position();

    /**
     * Every record of {@code subscriptionId} stored at or before ledger position {@code upTo} whose usage start lies
     * in {@code period}, in allocation order: by meter, then usage start, then arrival (ledger sequence, then record
     * id). The same arguments always give the same records in the same order.
     */
    void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink);

    /**
     * A record's place in allocation order: meter, usage start, ledger sequence, record id. Positions of one store
     * compare in that order; a paging token carries the last one read (ADR 0049).
     */
    record Position(UUID meterId, Instant usageStart, long ingestSeq, String recordId) {
    }

    /** Receives a record and its position. */
    @FunctionalInterface
    interface PositionedSink {
        void accept(UsageRecord record, Position position);
    }

    /**
     * The records of {@link #records} whose usage start lies in {@code [from, to)} and that come after {@code after}
     * in allocation order (from the first when null), in that order, at most {@code limit} of them: a page cut in the
     * store by keyset. The default reads every record of the period; its positions number them in allocation order.
     */
    default void recordsAfter(UUID subscriptionId, BillingPeriod period, long upTo, Instant from, Instant to,
            @org.jspecify.annotations.Nullable Position after, int limit, PositionedSink sink) {
        long[] index = {-1};
        int[] sent = {0};
        records(subscriptionId, period, upTo, r -> {
            index[0]++;
            if ((after == null || index[0] > after.ingestSeq()) && !r.usageStart().isBefore(from)
                    && r.usageStart().isBefore(to) && sent[0] < limit) {
                sent[0]++;
                sink.accept(r, new Position(r.meterId(), r.usageStart(), index[0], r.recordId()));
            }
        });
    }

    /**
     * The summed quantity of the records of {@code position}'s block (its meter and usage start) up to and including
     * the record at {@code position}, as of ledger position {@code upTo}: how much of the block a page already listed.
     */
    default BigDecimal quantityThrough(UUID subscriptionId, BillingPeriod period, long upTo, Position position) {
        long[] index = {-1};
        BigDecimal[] sum = {BigDecimal.ZERO};
        records(subscriptionId, period, upTo, r -> {
            index[0]++;
            if (index[0] <= position.ingestSeq() && r.meterId().equals(position.meterId())
                    && r.usageStart().equals(position.usageStart())) {
                sum[0] = sum[0].add(r.quantity());
            }
        });
        return sum[0];
    }

    /**
     * The same records as {@link #records}, in the same order, for readers that use neither a record's id nor its
     * additional info nor its reported time (FOCUS rows): stores may leave the id empty, the additional info empty and
     * the reported time equal to the usage end, and so read and sort less.
     */
    default void recordsWithoutDetails(UUID subscriptionId, BillingPeriod period, long upTo,
            Consumer<UsageRecord> sink) {
        records(subscriptionId, period, upTo, sink);
    }

    /** Receives usage summed per meter and usage start. */
    @FunctionalInterface
    interface QuantitySink {
        void accept(UUID meterId, Instant usageStart, BigDecimal quantity);
    }

    /**
     * The same records as {@link #records}, summed per meter and usage start: all that rating needs (records starting
     * at the same instant take the same price version), so stores may answer it with one aggregation.
     */
    default void quantities(UUID subscriptionId, BillingPeriod period, long upTo, QuantitySink sink) {
        records(subscriptionId, period, upTo, r -> sink.accept(r.meterId(), r.usageStart(), r.quantity()));
    }

    /** A value of a usage record that cost queries group and filter by, beyond its meter and usage start. */
    sealed interface RecordKey {
        /** The resource id as stored. */
        record ResourceId() implements RecordKey {
        }

        /** The resource group of the resource id: the segment after the first {@code resourceGroups} (any case). */
        record ResourceGroup() implements RecordKey {
        }

        record Location() implements RecordKey {
        }

        /** The value of tag {@code key} (key matched exactly, else case-insensitively); null when absent. */
        record Tag(String key) implements RecordKey {
            public Tag {
                java.util.Objects.requireNonNull(key, "key");
            }
        }

        /** The value of {@code key} for {@code record}, as the stores must compute it. */
        static @org.jspecify.annotations.Nullable String valueOf(RecordKey key, UsageRecord record) {
            if (key instanceof Tag t) {
                return tagValue(record.tags(), t.key());
            }
            if (key instanceof ResourceGroup) {
                return Resources.group(record.resourceUri());
            }
            return key instanceof Location ? record.location() : record.resourceUri();
        }

        private static @org.jspecify.annotations.Nullable String tagValue(java.util.Map<String, String> tags,
                String key) {
            String exact = tags.get(key);
            if (exact != null) {
                return exact;
            }
            for (java.util.Map.Entry<String, String> tag : tags.entrySet()) {
                if (tag.getKey().equalsIgnoreCase(key)) {
                    return tag.getValue();
                }
            }
            return null;
        }
    }

    /** Receives usage summed per meter, time and the values of the keys asked for (in their order). */
    @FunctionalInterface
    interface KeyedQuantitySink {
        void accept(UUID meterId, Instant time, java.util.List<@org.jspecify.annotations.Nullable String> keys,
                BigDecimal quantity);
    }

    /**
     * The records of {@link #records} whose usage start lies in {@code [from, to)}, summed per meter, time bucket and
     * the values of {@code keys}, in any order (ADR 0042): a record's bucket is its usage start truncated to
     * {@code unit} ({@code HOURS} or {@code DAYS}, UTC) and the sink receives the bucket's start; except in the
     * (meter, bucket) pairs of {@code byUsageStart}, whose records are summed per usage start (the sink then receives
     * the usage start). Cost queries pass the buckets in which a meter's rate is not uniform, so that every sum has one
     * rate. Stores answer it with one aggregation; their key values must equal {@link RecordKey#valueOf}.
     */
    default void bucketedQuantities(UUID subscriptionId, BillingPeriod period, long upTo, Instant from, Instant to,
            java.time.temporal.ChronoUnit unit, java.util.Map<UUID, java.util.Set<Instant>> byUsageStart,
            java.util.List<RecordKey> keys, KeyedQuantitySink sink) {
        java.util.Map<Keyed, BigDecimal[]> sums = new java.util.LinkedHashMap<>();
        records(subscriptionId, period, upTo, r -> {
            if (r.usageStart().isBefore(from) || !r.usageStart().isBefore(to)) {
                return;
            }
            Instant bucket = r.usageStart().truncatedTo(unit);
            Instant time = byUsageStart.getOrDefault(r.meterId(), java.util.Set.of()).contains(bucket)
                    ? r.usageStart() : bucket;
            java.util.List<String> values = new java.util.ArrayList<>(keys.size());
            for (RecordKey k : keys) {
                values.add(RecordKey.valueOf(k, r));
            }
            BigDecimal[] sum = sums.computeIfAbsent(new Keyed(r.meterId(), time, values),
                    k -> new BigDecimal[] {BigDecimal.ZERO});
            sum[0] = sum[0].add(r.quantity());
        });
        sums.forEach((k, q) -> sink.accept(k.meterId(), k.time(), k.values(), q[0]));
    }

    /** A group of {@link #bucketedQuantities}. */
    record Keyed(UUID meterId, Instant time, java.util.List<@org.jspecify.annotations.Nullable String> values) {
    }
}

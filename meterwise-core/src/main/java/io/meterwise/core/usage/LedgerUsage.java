package io.meterwise.core.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.time.BillingPeriod;

/**
 * The read port billing uses on the ledger: usage bounded by an ingest sequence number, so that one issuing run sees
 * exactly the usage committed up to the sequence number it read first.
 */
public interface LedgerUsage {

    /** Receives usage rows of one scan, grouped by subscription. */
    @FunctionalInterface
    interface Sink {
        void accept(UUID subscriptionId, UUID meterId, Instant usageStart, BigDecimal quantity);
    }

    /** One usage record as shown in an invoice's usage detail. */
    record Detail(long ingestSeq, String recordId, UUID meterId, BigDecimal quantity, Instant usageStart,
            Instant usageEnd, String resourceUri, String location, Instant reportedAt) {
    }

    /** The month of a subscription's earliest usage and of its creation in the catalog; null when unknown. */
    record FirstPeriods(@Nullable BillingPeriod usage, @Nullable BillingPeriod created) {
    }

    /** The highest ingest sequence number in the ledger; 0 when it is empty. */
    long maxIngestSeq();

    /** The month of each subscription's earliest usage. */
    Map<UUID, BillingPeriod> firstUsagePeriods();

    FirstPeriods firstPeriods(UUID subscriptionId);

    /** The month each subscription was created in the catalog, when the catalog records it. */
    Map<UUID, BillingPeriod> creationPeriods();

    /**
     * Usage of {@code period} with {@code ingestSeq <= seqHigh}, summed per subscription, meter and usage start
     * (records starting at the same instant fall in the same tier position and price version, so this is exact),
     * ordered by subscription, meter and time.
     */
    void scan(BillingPeriod period, long seqHigh, @Nullable UUID onlySubscription, Sink sink);

    /**
     * Closed periods with late usage: per subscription, the invoiced periods holding a record with an ingest sequence
     * number above what the invoices of that period covered and at most {@code seqHigh}.
     */
    Map<UUID, Set<BillingPeriod>> periodsWithLateUsage(long seqHigh);

    /** The records behind a subscription's period, up to {@code seqHigh}, in ledger order. */
    List<Detail> details(UUID subscriptionId, BillingPeriod period, long seqHigh);
}

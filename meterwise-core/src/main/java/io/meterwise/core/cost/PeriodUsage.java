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
}

package io.meterwise.core.cost;

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
}

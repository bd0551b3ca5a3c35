package io.meterwise.server.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;

/**
 * The ingestion rules the demo records must pass before they reach the ledger: known subscription and meter, a price
 * in the subscription's price list at usage time, a quantity >= 0 with at most 9 decimals, an interval inside one UTC
 * day, and nothing in the future. Once {@code io.meterwise.core.usage.UsageValidator} exists, the loader should use it
 * instead (the seam is the {@link DemoLoader} constructor).
 */
interface DemoRecordCheck {

    List<RecordError> check(List<UsageRecord> batch);

    /** Checks against price lists read back from the catalog store once, so a batch costs no store round trips. */
    static DemoRecordCheck against(Catalog catalog, Instant now) {
        Map<UUID, Optional<PriceList>> priceLists = new HashMap<>();
        for (Subscription s : catalog.subscriptions()) {
            priceLists.put(s.subscriptionId(), catalog.priceList(s.priceListKey()));
        }
        Set<UUID> meters = new HashSet<>();
        catalog.meters().forEach(m -> meters.add(m.meterId()));
        return batch -> {
            List<RecordError> errors = new ArrayList<>();
            long line = 0;
            for (UsageRecord r : batch) {
                line++;
                Optional<PriceList> prices = priceLists.get(r.subscriptionId());
                if (prices == null) {
                    errors.add(new RecordError(line, "subscriptionId", "unknown subscription " + r.subscriptionId()));
                } else if (!meters.contains(r.meterId())) {
                    errors.add(new RecordError(line, "meterId", "unknown meter " + r.meterId()));
                } else if (prices.flatMap(p -> p.priceAt(r.meterId(), r.usageStart())).isEmpty()) {
                    errors.add(new RecordError(line, "meterId", "meter " + r.meterId()
                            + " has no price in the subscription's price list at " + r.usageStart()));
                }
                if (r.quantity().signum() < 0 || r.quantity().scale() > DemoUsageGenerator.QUANTITY_SCALE) {
                    errors.add(new RecordError(line, "quantity", "must be >= 0 with at most 9 decimals"));
                }
                if (!r.usageStart().isBefore(r.usageEnd())
                        || r.usageEnd().isAfter(r.usageStart().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS))) {
                    errors.add(new RecordError(line, "usageEnd", "must be after usageStart within the same UTC day"));
                }
                if (r.usageEnd().isAfter(now) || r.reportedAt().isAfter(now) || r.reportedAt().isBefore(r.usageEnd())) {
                    errors.add(new RecordError(line, "reportedAt", "must be between usageEnd and now"));
                }
            }
            return errors;
        };
    }
}

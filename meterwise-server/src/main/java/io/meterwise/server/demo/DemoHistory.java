package io.meterwise.server.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.forecast.UsageHistory;

/**
 * The demo cloud generated in memory, without a store: its rate cards and each subscription's daily usage per meter.
 * The backtest replays it; being deterministic, the same seed and clock give the same figures.
 */
public final class DemoHistory {

    private final DemoCatalog catalog;
    private final Map<Subscription, UsageHistory> usage;

    private DemoHistory(DemoCatalog catalog, Map<Subscription, UsageHistory> usage) {
        this.catalog = catalog;
        this.usage = usage;
    }

    /** The demo as a load at {@code now} would store it, with {@code months} full months before now's month. */
    public static DemoHistory generate(long seed, Instant now, int months, double scale) {
        DemoCatalog catalog = DemoCatalog.build(seed, now, months);
        DemoProperties settings = DemoProperties.of(seed, months, scale);
        Map<java.util.UUID, UsageHistory> byId = new LinkedHashMap<>();
        Map<Subscription, UsageHistory> usage = new LinkedHashMap<>();
        for (DemoSubscription s : catalog.subscriptions()) {
            UsageHistory history = new UsageHistory();
            byId.put(s.subscription().subscriptionId(), history);
            usage.put(s.subscription(), history);
        }
        new DemoUsageGenerator(catalog, settings, now).records()
                .forEach(r -> byId.get(r.subscriptionId()).add(r));
        return new DemoHistory(catalog, usage);
    }

    /** Rate cards only, for pricing other usage with the demo's prices. */
    public static DemoHistory rateCardsOnly(long seed, Instant now, int months) {
        return new DemoHistory(DemoCatalog.build(seed, now, months), Map.of());
    }

    public Map<Subscription, UsageHistory> usage() {
        return usage;
    }

    public PriceList priceList(PriceListKey key) {
        return catalog.priceList(key);
    }

    public Offer offer(String durableId) {
        return catalog.offers().stream().filter(o -> o.durableId().equals(durableId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo offer " + durableId));
    }

    /** A VM size's meter ({@code D2s v5}) in a region, Linux or Windows. */
    public Optional<Meter> vmMeter(String region, String size, boolean windows) {
        return catalog.vmMeter(region, size, windows);
    }
}

package io.meterwise.server.billing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;

/** A catalog held in maps, for tests that do not start the server. */
final class TestCatalog implements Catalog {

    final Map<UUID, Subscription> subscriptions = new LinkedHashMap<>();
    final Map<UUID, Meter> meters = new LinkedHashMap<>();
    final Map<String, Offer> offers = new LinkedHashMap<>();
    final Map<PriceListKey, List<MeterPrice>> prices = new LinkedHashMap<>();

    @Override
    public Optional<Subscription> subscription(UUID subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId));
    }

    @Override
    public Collection<Subscription> subscriptions() {
        return subscriptions.values();
    }

    @Override
    public Optional<Meter> meter(UUID meterId) {
        return Optional.ofNullable(meters.get(meterId));
    }

    @Override
    public Collection<Meter> meters() {
        return meters.values();
    }

    @Override
    public Optional<Offer> offer(String durableId) {
        return Optional.ofNullable(offers.get(durableId));
    }

    @Override
    public Collection<Offer> offers() {
        return offers.values();
    }

    @Override
    public Optional<PriceList> priceList(PriceListKey key) {
        List<MeterPrice> list = prices.get(key);
        return list == null ? Optional.empty() : Optional.of(PriceList.of(key, list));
    }
}

package io.meterwise.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;



import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;

/** A map-backed catalog for running the bench on a branch without the JDBC catalog (registered only then). */

final class BenchCatalog {

    private BenchCatalog() {
    }

    static final class MapCatalog implements CatalogStore {
        private final Map<String, Offer> offers = new ConcurrentHashMap<>();
        private final Map<UUID, Meter> meters = new ConcurrentHashMap<>();
        private final Map<UUID, Subscription> subscriptions = new ConcurrentHashMap<>();
        private final Map<PriceListKey, List<MeterPrice>> prices = new ConcurrentHashMap<>();

        @Override
        public Optional<Subscription> subscription(UUID id) {
            return Optional.ofNullable(subscriptions.get(id));
        }

        @Override
        public Collection<Subscription> subscriptions() {
            return List.copyOf(subscriptions.values());
        }

        @Override
        public Optional<Meter> meter(UUID id) {
            return Optional.ofNullable(meters.get(id));
        }

        @Override
        public Collection<Meter> meters() {
            return List.copyOf(meters.values());
        }

        @Override
        public Optional<Offer> offer(String durableId) {
            return Optional.ofNullable(offers.get(Offer.normalizeDurableId(durableId)));
        }

        @Override
        public Collection<Offer> offers() {
            return List.copyOf(offers.values());
        }

        @Override
        public Optional<PriceList> priceList(PriceListKey key) {
            List<MeterPrice> list = prices.get(key);
            return list == null ? Optional.empty() : Optional.of(PriceList.of(key, list));
        }

        @Override
        public boolean putOffer(Offer offer) {
            return offers.put(offer.durableId(), offer) == null;
        }

        @Override
        public boolean putMeter(Meter meter) {
            return meters.put(meter.meterId(), meter) == null;
        }

        @Override
        public boolean putSubscription(Subscription subscription) {
            return subscriptions.put(subscription.subscriptionId(), subscription) == null;
        }

        @Override
        public synchronized PriceVersionOutcome addPriceVersion(PriceListKey key, MeterPrice price) {
            List<MeterPrice> list = prices.computeIfAbsent(key, k -> new ArrayList<>());
            for (MeterPrice p : list) {
                if (p.meterId().equals(price.meterId()) && p.effectiveFrom().equals(price.effectiveFrom())) {
                    return p.equals(price) ? PriceVersionOutcome.UNCHANGED : PriceVersionOutcome.CONFLICT;
                }
            }
            list.add(price);
            return PriceVersionOutcome.CREATED;
        }
    }
}


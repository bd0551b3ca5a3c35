package io.meterwise.core.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionHistory;
import io.meterwise.core.catalog.SubscriptionPlan;
import io.meterwise.core.time.BillingPeriod;

/** A test double of the catalog port with the documented upsert and price-version rules. */
public final class InMemoryCatalogStore implements CatalogStore {

    private final Map<UUID, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<UUID, SubscriptionHistory> histories = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryCatalogStore() {
        this(Clock.systemUTC());
    }

    public InMemoryCatalogStore(Clock clock) {
        this.clock = clock;
    }
    private final Map<UUID, Meter> meters = new LinkedHashMap<>();
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final Map<PriceListKey, List<MeterPrice>> prices = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Subscription> subscription(UUID subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId)).map(this::current);
    }

    @Override
    public synchronized Collection<Subscription> subscriptions() {
        return subscriptions.values().stream().map(this::current).toList();
    }

    @Override
    public synchronized Optional<SubscriptionHistory> subscriptionHistory(UUID subscriptionId) {
        return Optional.ofNullable(histories.get(subscriptionId));
    }

    private Subscription current(Subscription s) {
        SubscriptionPlan plan = histories.get(s.subscriptionId()).planAt(clock.instant());
        return new Subscription(s.subscriptionId(), s.displayName(), s.state(), plan.offerDurableId(),
                plan.currency(), plan.regionInfo(), s.tenantId());
    }

    @Override
    public synchronized Optional<Meter> meter(UUID meterId) {
        return Optional.ofNullable(meters.get(meterId));
    }

    @Override
    public synchronized Collection<Meter> meters() {
        return List.copyOf(meters.values());
    }

    @Override
    public synchronized Optional<Offer> offer(String durableId) {
        return Optional.ofNullable(offers.get(Offer.normalizeDurableId(durableId)));
    }

    @Override
    public synchronized Collection<Offer> offers() {
        return List.copyOf(offers.values());
    }

    @Override
    public synchronized Optional<PriceList> priceList(PriceListKey key) {
        List<MeterPrice> versions = prices.get(key);
        return versions == null ? Optional.empty() : Optional.of(PriceList.of(key, versions));
    }

    @Override
    public synchronized boolean putOffer(Offer offer) {
        return offers.put(offer.durableId(), offer) == null;
    }

    @Override
    public synchronized boolean putMeter(Meter meter) {
        return meters.put(meter.meterId(), meter) == null;
    }

    @Override
    public synchronized boolean putSubscription(Subscription subscription, @Nullable Instant planEffectiveFrom) {
        SubscriptionHistory history = histories.get(subscription.subscriptionId());
        if (history == null) {
            histories.put(subscription.subscriptionId(), SubscriptionHistory.single(subscription, clock.instant()));
        } else {
            Instant from = planEffectiveFrom != null ? planEffectiveFrom
                    : BillingPeriod.containing(clock.instant()).next().start();
            histories.put(subscription.subscriptionId(), history.with(SubscriptionPlan.of(subscription, from))
                    .withState(subscription.state(), clock.instant()));
        }
        return subscriptions.put(subscription.subscriptionId(), subscription) == null;
    }

    @Override
    public synchronized PriceVersionOutcome addPriceVersion(PriceListKey key, MeterPrice price) {
        List<MeterPrice> versions = prices.computeIfAbsent(key, k -> new ArrayList<>());
        for (MeterPrice stored : versions) {
            if (stored.meterId().equals(price.meterId()) && stored.effectiveFrom().equals(price.effectiveFrom())) {
                return stored.sameContentAs(price) ? PriceVersionOutcome.UNCHANGED : PriceVersionOutcome.CONFLICT;
            }
        }
        versions.add(price);
        return PriceVersionOutcome.CREATED;
    }

    /** The keys of every price list holding at least one version. */
    @Override
    public synchronized Collection<PriceListKey> priceListKeys() {
        return List.copyOf(prices.keySet());
    }

    public synchronized int priceVersionCount() {
        return prices.values().stream().mapToInt(List::size).sum();
    }
}

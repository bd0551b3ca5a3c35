package io.meterwise.core.catalog;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Write access to the catalog. Offers, meters and subscriptions are upserted by id; price versions are immutable and
 * only ever added (history is kept, never overwritten).
 */
public interface CatalogStore extends Catalog {

    /** Creates or replaces an offer; returns true when it was created. */
    boolean putOffer(Offer offer);

    /** Creates or replaces a meter; returns true when it was created. */
    boolean putMeter(Meter meter);

    /**
     * Creates or updates a subscription; returns true when it was created. A new subscription's plan (offer, currency,
     * country) is in force from the start of the period it is created in (and for anything before). For an existing
     * one, name, state and tenant change now and its plan, when different, takes effect at the start of the next
     * billing period (ADR 0020).
     */
    default boolean putSubscription(Subscription subscription) {
        return putSubscription(subscription, null);
    }

    /**
     * As {@link #putSubscription(Subscription)}, with the plan of an existing subscription in force from
     * {@code planEffectiveFrom} (the start of a billing period; null: the next one). Plans scheduled at or after it
     * are replaced. Callers check that no invoiced period is affected ({@code core.billing.SubscriptionChanges}).
     */
    boolean putSubscription(Subscription subscription, @Nullable Instant planEffectiveFrom);

    /**
     * Adds a price version to a price list. Adding a version identical to a stored one is a no-op returning
     * {@link PriceVersionOutcome#UNCHANGED}; a different version at the same (key, meter, effectiveFrom) is refused with
     * {@link PriceVersionOutcome#CONFLICT} and nothing changes.
     */
    PriceVersionOutcome addPriceVersion(PriceListKey key, MeterPrice price);

    /**
     * Adds many versions to one price list, with the outcome of each in order. Stores may write them in one batch; a
     * version repeated later in the same list counts as if the earlier one were already stored.
     */
    default java.util.List<PriceVersionOutcome> addPriceVersions(PriceListKey key, java.util.List<MeterPrice> prices) {
        return prices.stream().map(p -> addPriceVersion(key, p)).toList();
    }

    /** What {@link #addPriceVersion} did. */
    enum PriceVersionOutcome {
        CREATED,
        UNCHANGED,
        CONFLICT
    }
}

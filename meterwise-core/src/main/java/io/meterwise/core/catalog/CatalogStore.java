package io.meterwise.core.catalog;

/**
 * Write access to the catalog. Offers, meters and subscriptions are upserted by id; price versions are immutable and
 * only ever added (history is kept, never overwritten).
 */
public interface CatalogStore extends Catalog {

    /** Creates or replaces an offer; returns true when it was created. */
    boolean putOffer(Offer offer);

    /** Creates or replaces a meter; returns true when it was created. */
    boolean putMeter(Meter meter);

    /** Creates or replaces a subscription; returns true when it was created. */
    boolean putSubscription(Subscription subscription);

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

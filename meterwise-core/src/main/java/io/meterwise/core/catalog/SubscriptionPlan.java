package io.meterwise.core.catalog;

import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * What a subscription is sold under from {@code effectiveFrom} (the start of a billing period) until the next plan of
 * its {@link SubscriptionHistory}: offer (and so its terms), billing currency and country of purchase, which together
 * name its price list (ADR 0020).
 */
public record SubscriptionPlan(Instant effectiveFrom, String offerDurableId, Currency currency, String regionInfo) {

    public SubscriptionPlan {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        offerDurableId = Offer.normalizeDurableId(offerDurableId);
        Objects.requireNonNull(currency, "currency");
        regionInfo = PriceListKey.normalizeRegionInfo(regionInfo);
    }

    /** The plan a subscription record names, in force from {@code effectiveFrom}. */
    public static SubscriptionPlan of(Subscription subscription, Instant effectiveFrom) {
        return new SubscriptionPlan(effectiveFrom, subscription.offerDurableId(), subscription.currency(),
                subscription.regionInfo());
    }

    public PriceListKey priceListKey() {
        return new PriceListKey(offerDurableId, currency, regionInfo);
    }

    /** Same offer, currency and country, whatever the dates. */
    public boolean sameTermsAs(SubscriptionPlan other) {
        return offerDurableId.equals(other.offerDurableId) && currency.equals(other.currency)
                && regionInfo.equals(other.regionInfo);
    }
}

package io.meterwise.core.catalog;

import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

/**
 * A subscription of a tenant to an offer. Its usage is priced with the price list of (offer, billing currency,
 * country of purchase).
 */
public record Subscription(UUID subscriptionId, String displayName, SubscriptionState state, String offerDurableId,
        Currency currency, String regionInfo, String tenantId) {

    public Subscription {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Meter.requireText(displayName, "displayName");
        Objects.requireNonNull(state, "state");
        offerDurableId = Offer.normalizeDurableId(offerDurableId);
        Objects.requireNonNull(currency, "currency");
        regionInfo = PriceListKey.normalizeRegionInfo(regionInfo);
        Meter.requireText(tenantId, "tenantId");
    }

    public PriceListKey priceListKey() {
        return new PriceListKey(offerDurableId, currency, regionInfo);
    }
}

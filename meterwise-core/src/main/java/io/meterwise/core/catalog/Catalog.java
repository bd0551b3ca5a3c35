package io.meterwise.core.catalog;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** Read access to the catalog, owned by core and implemented by a store. */
public interface Catalog {

    Optional<Subscription> subscription(UUID subscriptionId);

    Collection<Subscription> subscriptions();

    /**
     * The effective-dated plans of a subscription (ADR 0020); {@link #subscription(UUID)} shows the one in force now.
     * Empty when the subscription does not exist.
     */
    Optional<SubscriptionHistory> subscriptionHistory(UUID subscriptionId);

    Optional<Meter> meter(UUID meterId);

    Collection<Meter> meters();

    Optional<Offer> offer(String durableId);

    Collection<Offer> offers();

    /** The price list with every price version; empty when nothing is priced for that key. */
    Optional<PriceList> priceList(PriceListKey key);

    /** Every price list key that has at least one version. */
    Collection<PriceListKey> priceListKeys();
}

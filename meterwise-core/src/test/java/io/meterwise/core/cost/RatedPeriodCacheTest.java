package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionHistory;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

/**
 * {@link PeriodCharges} keeps rated periods per ledger position and catalog values: a query repeated with nothing
 * changed does not rate again, and after an ingestion, a price change or an offer change the next query answers what
 * a server that never kept anything answers.
 */
class RatedPeriodCacheTest {

    static final UUID SUB = UUID.fromString("00000000-0000-4000-8000-0000000000cc");
    static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);
    static final UUID VM = CatalogFixtures.VM_D2_HOURS;

    final InMemoryCatalogStore store = new InMemoryCatalogStore();
    final SnapshotCatalog catalog = new SnapshotCatalog(store);
    final List<UsageRecord> ledger = new ArrayList<>();
    final CountingUsage usage = new CountingUsage(new CostQueryAggregationPropertiesTest.ListUsage(ledger));
    final CostQueries queries = new CostQueries(catalog,
            new PeriodCharges(catalog, new CostQueryAggregationPropertiesTest.NoInvoices(), usage));

    RatedPeriodCacheTest() {
        store.putOffer(CatalogFixtures.offerWithTerms());
        CatalogFixtures.meters().forEach(store::putMeter);
        store.addPriceVersion(key(), MeterPrice.flat(VM, CatalogFixtures.PRICES_FROM, new BigDecimal("0.096")));
        store.putSubscription(new Subscription(SUB, "cache", SubscriptionState.ENABLED, CatalogFixtures.DEV_TEST_ID,
                CatalogFixtures.USD, "US", "tenant"));
        ingest("a", "400", "2026-03-02T10:00:00Z");
        ingest("b", "900", "2026-03-05T10:00:00Z");
    }

    static PriceListKey key() {
        return CatalogFixtures.usdUs(CatalogFixtures.DEV_TEST_ID);
    }

    void ingest(String id, String quantity, String start) {
        Instant at = Instant.parse(start);
        ledger.add(new UsageRecord(id, SUB, VM, new BigDecimal(quantity), at, at.plusSeconds(3600),
                "/subscriptions/" + SUB + "/resourceGroups/rg-" + id + "/providers/Microsoft.Compute/vm/v", "eastus",
                Map.of(), Map.of(), at.plusSeconds(7200)));
    }

    CostQuery daily() {
        return new CostQuery(SUB, null, MARCH.start(), MARCH.end(), TimeGrain.DAILY,
                List.of(Metric.COST, Metric.USAGE_QUANTITY),
                List.of(new Grouping.ByDimension(Dimension.RESOURCE_GROUP), new Grouping.ByDimension(
                        Dimension.CHARGE_TYPE)), null);
    }

    /** The answer of a server that keeps nothing, over the same catalog and ledger. */
    CostTable uncached() {
        return new CostQueries(store, new PeriodCharges(store, new CostQueryAggregationPropertiesTest.NoInvoices(),
                new CostQueryAggregationPropertiesTest.ListUsage(new ArrayList<>(ledger)))).run(daily());
    }

    @Test
    void aRepeatedQueryDoesNotRateAgain() {
        CostTable first = queries.run(daily());
        int rated = usage.quantityReads;
        CostTable second = queries.run(daily());
        assertThat(second.rows()).isEqualTo(first.rows()).isEqualTo(uncached().rows());
        assertThat(usage.quantityReads).isEqualTo(rated);
    }

    @Test
    void anIngestedBatchIsInTheNextQuery() {
        CostTable before = queries.run(daily());
        ingest("c", "50", "2026-03-07T10:00:00Z");
        CostTable after = queries.run(daily());
        assertThat(after.rows()).isNotEqualTo(before.rows()).isEqualTo(uncached().rows());
    }

    @Test
    void aPriceChangeIsInTheNextQuery() {
        CostTable before = queries.run(daily());
        store.addPriceVersion(key(), MeterPrice.flat(VM, Instant.parse("2026-03-04T00:00:00Z"),
                new BigDecimal("0.12")));
        catalog.changed();
        CostTable after = queries.run(daily());
        assertThat(after.rows()).isNotEqualTo(before.rows()).isEqualTo(uncached().rows());
    }

    @Test
    void anOfferChangeIsInTheNextQuery() {
        CostTable before = queries.run(daily());
        store.putOffer(CatalogFixtures.offerWith());
        catalog.changed();
        CostTable after = queries.run(daily());
        assertThat(after.rows()).isNotEqualTo(before.rows()).isEqualTo(uncached().rows());
    }

    /** A catalog whose values stay the same instances until it changes, as a store's snapshot does. */
    static final class SnapshotCatalog implements Catalog {
        private final Catalog store;
        private final Map<PriceListKey, Optional<PriceList>> priceLists = new HashMap<>();

        SnapshotCatalog(Catalog store) {
            this.store = store;
        }

        void changed() {
            priceLists.clear();
        }

        @Override
        public Optional<PriceList> priceList(PriceListKey key) {
            return priceLists.computeIfAbsent(key, store::priceList);
        }

        @Override
        public Optional<Subscription> subscription(UUID subscriptionId) {
            return store.subscription(subscriptionId);
        }

        @Override
        public Collection<Subscription> subscriptions() {
            return store.subscriptions();
        }

        @Override
        public Optional<SubscriptionHistory> subscriptionHistory(UUID subscriptionId) {
            return store.subscriptionHistory(subscriptionId);
        }

        @Override
        public Optional<Meter> meter(UUID meterId) {
            return store.meter(meterId);
        }

        @Override
        public Collection<Meter> meters() {
            return store.meters();
        }

        @Override
        public Optional<Offer> offer(String durableId) {
            return store.offer(durableId);
        }

        @Override
        public Collection<Offer> offers() {
            return store.offers();
        }

        @Override
        public Collection<PriceListKey> priceListKeys() {
            return store.priceListKeys();
        }
    }

    /** Counts the reads of usage summed for rating. */
    static final class CountingUsage implements PeriodUsage {
        private final PeriodUsage ledger;
        int quantityReads;

        CountingUsage(PeriodUsage ledger) {
            this.ledger = ledger;
        }

        @Override
        public long position() {
            return ledger.position();
        }

        @Override
        public void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink) {
            ledger.records(subscriptionId, period, upTo, sink);
        }

        @Override
        public void quantities(UUID subscriptionId, BillingPeriod period, long upTo, QuantitySink sink) {
            quantityReads++;
            ledger.quantities(subscriptionId, period, upTo, sink);
        }
    }
}

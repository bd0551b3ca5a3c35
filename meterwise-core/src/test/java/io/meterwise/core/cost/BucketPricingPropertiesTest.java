package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.usage.UsageRecord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Pricing usage summed per time bucket and rate equals pricing every record (ADR 0042): on dense tiered usage (many
 * blocks per day and per hour, tier boundaries and price versions falling inside days and hours, empty records), the
 * Query answered from the store's per-bucket sums ({@link CostQueries#run}, through the port's definition of
 * {@link PeriodUsage#bucketedQuantities}) equals, row for row, the query over every record's exact charge
 * ({@link CostQueries#runPerRecord}); and the buckets the rates call mixed are exactly those whose blocks with units
 * do not share one rate.
 */
class BucketPricingPropertiesTest {

    static final UUID SUB = CostQueryAggregationPropertiesTest.SUB;
    static final List<UUID> METERS = ChargeAllocationPropertiesTest.METERS;

    record World(CostQueries queries, PeriodCharges charges, Subscription subscription, PeriodUsage usage) {
    }

    static World world(long seed) {
        Random r = new Random(seed);
        InMemoryCatalogStore catalog = new InMemoryCatalogStore();
        catalog.putOffer(CatalogFixtures.payAsYouGo());
        for (UUID m : METERS) {
            catalog.putMeter(new Meter(m, "meter " + m.toString().substring(34), m.toString().endsWith("1")
                    ? "Compute" : "Storage", "", "US East", "1 Hour", List.of()));
            catalog.addPriceVersion(CatalogFixtures.usdUs(CatalogFixtures.PAY_AS_YOU_GO_ID), tiered(r, m,
                    CatalogFixtures.PRICES_FROM));
            if (r.nextBoolean()) {
                // a version from inside a day, sometimes inside an hour
                catalog.addPriceVersion(CatalogFixtures.usdUs(CatalogFixtures.PAY_AS_YOU_GO_ID), tiered(r, m,
                        CostQueryAggregationPropertiesTest.MARCH.start().plus(r.nextInt(8), ChronoUnit.DAYS)
                                .plus(r.nextInt(24), ChronoUnit.HOURS).plus(r.nextInt(2) * 30L, ChronoUnit.MINUTES)));
            }
        }
        catalog.putSubscription(new Subscription(SUB, "buckets", SubscriptionState.ENABLED,
                CatalogFixtures.PAY_AS_YOU_GO_ID, CatalogFixtures.USD, "US", "tenant"));
        List<UsageRecord> records = new ArrayList<>();
        int n = 30 + r.nextInt(300);
        for (int i = 0; i < n; i++) {
            UUID meter = METERS.get(r.nextInt(METERS.size()));
            Instant start = CostQueryAggregationPropertiesTest.MARCH.start().plus(r.nextInt(8), ChronoUnit.DAYS)
                    .plus(r.nextInt(24), ChronoUnit.HOURS).plus(r.nextInt(3) == 0 ? 30 : 0, ChronoUnit.MINUTES);
            BigDecimal quantity = r.nextInt(10) == 0 ? BigDecimal.ZERO
                    : new BigDecimal(r.nextInt(10_000)).movePointLeft(r.nextInt(3));
            String group = CostQueryAggregationPropertiesTest.GROUPS.get(r.nextInt(4));
            Map<String, String> tags = switch (r.nextInt(3)) {
                case 0 -> Map.of();
                case 1 -> Map.of("env", r.nextBoolean() ? "prod" : "test");
                default -> Map.of("team", "t" + r.nextInt(3));
            };
            records.add(new UsageRecord("rec" + i, SUB, meter, quantity, start, start.plusSeconds(1800),
                    "/subscriptions/" + SUB + "/resourceGroups/" + group + "/providers/Microsoft.Compute/vm/v"
                            + r.nextInt(3), r.nextBoolean() ? "eastus" : "westus", tags, Map.of(),
                    start.plusSeconds(7200)));
        }
        PeriodUsage usage = new CostQueryAggregationPropertiesTest.ListUsage(records);
        PeriodCharges charges = new PeriodCharges(catalog, new CostQueryAggregationPropertiesTest.NoInvoices(), usage);
        return new World(new CostQueries(catalog, charges), charges, catalog.subscription(SUB).orElseThrow(), usage);
    }

    /** Tiers a few hundred units apart, so that a day's usage crosses some of them. */
    static MeterPrice tiered(Random r, UUID meter, Instant from) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal(1 + r.nextInt(50000)).movePointLeft(4));
        BigDecimal threshold = BigDecimal.ZERO;
        for (int t = r.nextInt(5); t > 0; t--) {
            threshold = threshold.add(new BigDecimal(1 + r.nextInt(3000)).movePointLeft(r.nextInt(2)));
            tiers.put(threshold, new BigDecimal(r.nextInt(50000)).movePointLeft(4 + r.nextInt(2)));
        }
        BigDecimal included = r.nextBoolean() ? BigDecimal.ZERO : new BigDecimal(r.nextInt(500));
        return new MeterPrice(meter, from, included, tiers);
    }

    @Property(tries = 150)
    void pricingPerBucketAndRateEqualsPricingEachRecord(@ForAll long seed) {
        World w = world(seed);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        for (int q = 0; q < 4; q++) {
            CostQuery query = CostQueryAggregationPropertiesTest.randomQuery(r);
            CostTable perBucket = w.queries().run(query);
            CostTable perRecord = w.queries().runPerRecord(query);
            assertThat(perBucket.columns()).isEqualTo(perRecord.columns());
            assertThat(perBucket.rows()).as(query.toString()).isEqualTo(perRecord.rows());
        }
    }

    @Property(tries = 150)
    void aBucketIsMixedExactlyWhenItsBlocksWithUnitsHaveDifferentRates(@ForAll long seed) {
        World w = world(seed);
        PeriodCharges.Priced priced = w.charges().price(w.subscription(), CostQueryAggregationPropertiesTest.MARCH,
                w.usage().position());
        Map<UUID, TreeMap<Instant, BigDecimal>> blocks = new HashMap<>();
        w.usage().quantities(SUB, CostQueryAggregationPropertiesTest.MARCH, w.usage().position(),
                (meter, start, quantity) -> blocks.computeIfAbsent(meter, k -> new TreeMap<>()).merge(start, quantity,
                        BigDecimal::add));
        for (ChronoUnit unit : List.of(ChronoUnit.HOURS, ChronoUnit.DAYS)) {
            BlockRates.Buckets buckets = priced.rates().buckets(unit);
            blocks.forEach((meter, starts) -> {
                Map<Instant, List<Ratio>> rates = new HashMap<>();
                starts.forEach((start, quantity) -> {
                    if (quantity.signum() > 0) {
                        rates.computeIfAbsent(start.truncatedTo(unit), k -> new ArrayList<>())
                                .add(priced.rates().rate(meter, start));
                    }
                });
                rates.forEach((bucket, list) -> {
                    boolean mixed = list.stream().distinct().count() > 1;
                    assertThat(buckets.mixed().getOrDefault(meter, java.util.Set.of()).contains(bucket))
                            .as(meter + " " + bucket).isEqualTo(mixed);
                    if (!mixed) {
                        assertThat(buckets.rate(meter, bucket)).isEqualTo(list.get(0));
                    }
                });
            });
        }
    }
}

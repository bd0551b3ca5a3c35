package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Aggregating then pricing equals pricing per record then summing (ADR 0039): the Query answered from usage summed
 * per meter, usage start and record keys ({@link CostQueries#run}) is identical, row for row and to the cent, to the
 * same query over every record's exact charge ({@link CostQueries#runPerRecord}), for random tiered prices with
 * mid-month versions, offer terms, records sharing usage starts across resource groups and tags, and random groupings,
 * grains, windows, filters and resource-group scopes; and a whole period's total is the rated total.
 */
class CostQueryAggregationPropertiesTest {

    static final UUID SUB = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    static final BillingPeriod MARCH = ChargeAllocationPropertiesTest.MARCH;
    static final List<String> GROUPS = List.of("web", "Web", "api", "batch");

    record World(CostQueries queries, RatedPeriod rated) {
    }

    static World world(long seed) {
        ChargeAllocationPropertiesTest.Scenario s = ChargeAllocationPropertiesTest.scenario(seed);
        InMemoryCatalogStore catalog = new InMemoryCatalogStore();
        catalog.putOffer(s.offer());
        for (UUID m : ChargeAllocationPropertiesTest.METERS) {
            catalog.putMeter(new Meter(m, "meter " + m.toString().substring(34), m.toString().endsWith("1")
                    ? "Compute" : "Storage", "", "US East", "1 Hour", List.of()));
            for (MeterPrice v : s.prices().versions(m)) {
                catalog.addPriceVersion(CatalogFixtures.usdUs(s.offer().durableId()), v);
            }
        }
        catalog.putSubscription(new Subscription(SUB, "props", SubscriptionState.ENABLED, s.offer().durableId(),
                CatalogFixtures.USD, "US", "tenant"));
        Random r = new Random(seed * 31 + 7);
        List<UsageRecord> records = new ArrayList<>();
        int i = 0;
        for (ChargeAllocationPropertiesTest.Usage u : s.usage()) {
            // several records share each usage start, across resource groups and tags
            int copies = 1 + r.nextInt(3);
            BigDecimal left = u.quantity();
            for (int c = 0; c < copies; c++) {
                BigDecimal q = c == copies - 1 ? left : left.multiply(new BigDecimal(r.nextInt(100)))
                        .movePointLeft(2).setScale(left.scale() + 2);
                left = left.subtract(q);
                String group = GROUPS.get(r.nextInt(GROUPS.size()));
                Map<String, String> tags = switch (r.nextInt(4)) {
                    case 0 -> Map.of();
                    case 1 -> Map.of("env", "prod");
                    case 2 -> Map.of("Env", "test", "team", "t" + r.nextInt(3));
                    default -> Map.of("team", "t" + r.nextInt(3));
                };
                Instant start = u.start();
                records.add(new UsageRecord("rec" + (i++), SUB, u.meterId(), q, start, start.plusSeconds(3600),
                        "/subscriptions/" + SUB + "/resourceGroups/" + group + "/providers/Microsoft.Compute/vm/v"
                                + r.nextInt(3), r.nextBoolean() ? "eastus" : "westus", tags, Map.of(),
                        start.plusSeconds(7200)));
            }
        }
        PeriodUsage usage = new ListUsage(records);
        PeriodCharges charges = new PeriodCharges(catalog, new NoInvoices(), usage);
        RatedPeriod rated = charges.price(catalog.subscription(SUB).orElseThrow(), MARCH, usage.position()).rated();
        return new World(new CostQueries(catalog, charges), rated);
    }

    @Property(tries = 100)
    void aggregatingThenPricingEqualsPricingEachRecordThenSumming(@ForAll long seed) {
        World w = world(seed);
        Random r = new Random(seed ^ 0x9E3779B97F4A7C15L);
        for (int q = 0; q < 4; q++) {
            CostQuery query = randomQuery(r);
            CostTable aggregated = w.queries().run(query);
            CostTable perRecord = w.queries().runPerRecord(query);
            assertThat(aggregated.columns()).isEqualTo(perRecord.columns());
            assertThat(aggregated.rows()).as(query.toString()).isEqualTo(perRecord.rows());
        }
    }

    @Property(tries = 60)
    void aWholePeriodAddsUpToTheRatedTotalInAnyGrouping(@ForAll long seed) {
        World w = world(seed);
        Random r = new Random(seed);
        List<Grouping> groupings = randomGroupings(r);
        CostTable table = w.queries().run(new CostQuery(SUB, null, MARCH.start(), MARCH.end(),
                TimeGrain.values()[r.nextInt(3)], List.of(Metric.COST), groupings, null));
        BigDecimal total = table.rows().stream().map(row -> (BigDecimal) row.get(0)).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(total).isEqualByComparingTo(w.rated().total().amount());
    }

    static CostQuery randomQuery(Random r) {
        Instant from = MARCH.start().plus(r.nextInt(3) == 0 ? r.nextInt(20) : 0, ChronoUnit.DAYS);
        Instant to = r.nextInt(3) == 0 ? from.plus(1 + r.nextInt(15), ChronoUnit.DAYS) : MARCH.end();
        String scope = r.nextInt(5) == 0 ? GROUPS.get(r.nextInt(GROUPS.size())) : null;
        CostFilter filter = switch (r.nextInt(6)) {
            case 0 -> new CostFilter.DimensionIn(Dimension.RESOURCE_GROUP, Set.of("web", "batch"));
            case 1 -> new CostFilter.TagIn("env", Set.of("prod", "TEST"));
            case 2 -> new CostFilter.Not(new CostFilter.DimensionIn(Dimension.METER_CATEGORY, Set.of("Compute")));
            case 3 -> new CostFilter.Or(List.of(new CostFilter.TagIn("team", Set.of("t1")),
                    new CostFilter.DimensionIn(Dimension.CHARGE_TYPE, Set.of("Credit", "RecurringCharge"))));
            case 4 -> new CostFilter.And(List.of(new CostFilter.DimensionIn(Dimension.RESOURCE_LOCATION,
                    Set.of("eastus")), new CostFilter.Not(new CostFilter.DimensionIn(Dimension.RESOURCE_TYPE,
                    Set.of("x/y")))));
            default -> null;
        };
        return new CostQuery(SUB, scope, from, to, TimeGrain.values()[r.nextInt(3)],
                List.of(Metric.COST, Metric.USAGE_QUANTITY), randomGroupings(r), filter);
    }

    static List<Grouping> randomGroupings(Random r) {
        List<Grouping> all = List.of(new Grouping.ByDimension(Dimension.RESOURCE_GROUP),
                new Grouping.ByDimension(Dimension.RESOURCE_ID), new Grouping.ByDimension(Dimension.METER),
                new Grouping.ByDimension(Dimension.CHARGE_TYPE), new Grouping.ByDimension(Dimension.RESOURCE_LOCATION),
                new Grouping.ByDimension(Dimension.RESOURCE_TYPE), new Grouping.ByTag("env"),
                new Grouping.ByTag("TEAM"));
        List<Grouping> chosen = new ArrayList<>();
        int n = r.nextInt(3);
        while (chosen.size() < n) {
            Grouping g = all.get(r.nextInt(all.size()));
            if (!chosen.contains(g)) {
                chosen.add(g);
            }
        }
        return chosen;
    }

    /** The ledger as a list, answered in allocation order. */
    record ListUsage(List<UsageRecord> records) implements PeriodUsage {
        @Override
        public long position() {
            return records.size();
        }

        @Override
        public void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink) {
            List<UsageRecord> ordered = new ArrayList<>(records.subList(0, (int) upTo));
            ordered.removeIf(u -> !u.subscriptionId().equals(subscriptionId) || !period.contains(u.usageStart()));
            ordered.sort(Comparator.comparing((UsageRecord u) -> u.meterId().toString())
                    .thenComparing(UsageRecord::usageStart).thenComparing(u -> records.indexOf(u)));
            ordered.forEach(sink);
        }
    }

    static final class NoInvoices implements Invoices {
        @Override
        public Optional<Invoice> find(UUID subscriptionId, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period) {
            return Optional.empty();
        }

        @Override
        public List<Invoice> ofSubscription(UUID subscriptionId) {
            return List.of();
        }

        @Override
        public List<Issued> issueAll(List<Request> requests) {
            throw new UnsupportedOperationException("no invoices in this test");
        }

        @Override
        public Set<UUID> invoicedFor(BillingPeriod period) {
            return Set.of();
        }
    }
}

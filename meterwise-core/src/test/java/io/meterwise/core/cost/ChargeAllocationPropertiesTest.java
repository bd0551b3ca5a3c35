package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.time.BillingPeriod;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Per-record charges against the Rater's lines and against an exact share computed here independently (ADR 0012
 * rules): each record's units walked through the included quantity and tiers of its own price version, prorated by
 * the version's seconds in force, at the positions usage-time order gives within that version.
 */
class ChargeAllocationPropertiesTest {

    static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);
    static final List<UUID> METERS = List.of(UUID.fromString("00000000-0000-4000-8000-000000000001"),
            UUID.fromString("00000000-0000-4000-8000-000000000002"),
            UUID.fromString("00000000-0000-4000-8000-000000000003"));

    record Usage(String id, UUID meterId, Instant start, BigDecimal quantity) {
    }

    record Scenario(PriceList prices, Offer offer, List<Usage> usage) {
    }

    record Allocated(Usage usage, BigDecimal cost) {
    }

    static Scenario scenario(long seed) {
        Random r = new Random(seed);
        List<MeterPrice> versions = new ArrayList<>();
        for (UUID m : METERS) {
            versions.add(version(r, m, CatalogFixtures.PRICES_FROM));
            if (r.nextBoolean()) {
                versions.add(version(r, m, MARCH.start().plus(1 + r.nextInt(27), ChronoUnit.DAYS)
                        .plus(r.nextInt(24), ChronoUnit.HOURS)));
            }
        }
        List<OfferTerm> terms = new ArrayList<>();
        if (r.nextBoolean()) {
            terms.add(new OfferTerm.MonetaryCommitment(CatalogFixtures.PRICES_FROM, CatalogFixtures.USD,
                    CatalogFixtures.tiers("10", "5", "100", "12.5"), Set.of(METERS.get(r.nextInt(3)))));
        }
        if (r.nextBoolean()) {
            terms.add(new OfferTerm.MonetaryCredit(CatalogFixtures.PRICES_FROM,
                    Money.of(new BigDecimal(r.nextInt(20000)).movePointLeft(2), CatalogFixtures.USD), Set.of()));
        }
        if (r.nextBoolean()) {
            terms.add(new OfferTerm.RecurringCharge(CatalogFixtures.PRICES_FROM,
                    Money.of(new BigDecimal(r.nextInt(2000)).movePointLeft(2), CatalogFixtures.USD)));
        }
        List<Usage> usage = new ArrayList<>();
        int n = 1 + r.nextInt(80);
        for (int i = 0; i < n; i++) {
            // a third of the records start at one of a few instants: records of a meter starting together
            Instant start = MARCH.start().plusSeconds((r.nextInt(3) == 0 ? 24 * r.nextInt(4) : r.nextInt(31 * 24))
                    * 3600L);
            BigDecimal quantity = new BigDecimal(r.nextInt(100_000)).movePointLeft(r.nextInt(4));
            usage.add(new Usage("r" + i, METERS.get(r.nextInt(3)), start, quantity));
        }
        return new Scenario(PriceList.of(CatalogFixtures.usdUs(CatalogFixtures.PAY_AS_YOU_GO_ID), versions),
                CatalogFixtures.offerWith(terms.toArray(OfferTerm[]::new)), usage);
    }

    static MeterPrice version(Random r, UUID meter, Instant from) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal(1 + r.nextInt(50000)).movePointLeft(4));
        if (r.nextBoolean()) {
            tiers.put(new BigDecimal(50 + r.nextInt(500)), new BigDecimal(r.nextInt(50000)).movePointLeft(4));
            tiers.put(new BigDecimal(1000 + r.nextInt(5000)), new BigDecimal(r.nextInt(50000)).movePointLeft(5));
        }
        BigDecimal included = r.nextBoolean() ? BigDecimal.ZERO : new BigDecimal(r.nextInt(300));
        return new MeterPrice(meter, from, included, tiers);
    }

    /** Rates, then allocates in allocation order (meter, start, id), as {@link PeriodCharges} does. */
    static List<Allocated> allocate(Scenario s, RatedPeriod rated) {
        List<Usage> ordered = new ArrayList<>(s.usage());
        ordered.sort(Comparator.comparing((Usage u) -> u.meterId().toString()).thenComparing(Usage::start)
                .thenComparing(Usage::id));
        ChargeAllocator allocator = new ChargeAllocator(rated, blocks(s));
        List<Allocated> result = new ArrayList<>();
        for (Usage u : ordered) {
            result.add(new Allocated(u, allocator.allocate(u.meterId(), u.start(), u.quantity()).cost()));
        }
        allocator.finish();
        return result;
    }

    /** Usage summed per meter and usage start, as the period is rated from. */
    static Map<UUID, TreeMap<Instant, BigDecimal>> blocks(Scenario s) {
        Map<UUID, TreeMap<Instant, BigDecimal>> blocks = new HashMap<>();
        s.usage().forEach(u -> blocks.computeIfAbsent(u.meterId(), k -> new TreeMap<>()).merge(u.start(), u.quantity(),
                BigDecimal::add));
        return blocks;
    }

    static RatedPeriod rate(Scenario s) {
        Rater rater = Rater.forPeriod(s.prices(), s.offer(), MARCH);
        s.usage().forEach(u -> rater.add(u.meterId(), u.start(), u.quantity()));
        return rater.result();
    }

    @Property(tries = 400)
    void recordCostsAddUpExactlyToEachMeterChargeAndToTheUsageCharges(@ForAll long seed) {
        Scenario s = scenario(seed);
        RatedPeriod rated = rate(s);
        List<Allocated> allocated = allocate(s, rated);

        Map<UUID, BigDecimal> perMeter = new HashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (Allocated a : allocated) {
            assertThat(a.cost().scale()).isEqualTo(ChargeAllocator.SCALE);
            perMeter.merge(a.usage().meterId(), a.cost(), BigDecimal::add);
            sum = sum.add(a.cost());
        }
        assertThat(sum).isEqualByComparingTo(rated.usageCharges().amount());
        Map<UUID, BigDecimal> ratedPerMeter = new HashMap<>();
        for (MeterCharge c : rated.meterCharges()) {
            ratedPerMeter.merge(c.meterId(), c.amount().amount(), BigDecimal::add);
        }
        ratedPerMeter.forEach((m, amount) -> assertThat(perMeter.get(m)).isEqualByComparingTo(amount));
    }

    @Property(tries = 400)
    void eachRecordCostsItsUnitsAtTheirTierPositionsWithinTheLineRounding(@ForAll long seed) {
        Scenario s = scenario(seed);
        RatedPeriod rated = rate(s);
        Map<MeterPrice, BigDecimal> position = new HashMap<>();
        Map<UUID, TreeMap<Instant, BigDecimal>> blocks = blocks(s);
        Map<String, BigDecimal> blockCost = new HashMap<>();
        for (Allocated a : allocate(s, rated)) {
            Usage u = a.usage();
            MeterPrice v = s.prices().priceAt(u.meterId(), u.start()).orElseThrow();
            BigDecimal blockQuantity = blocks.get(u.meterId()).get(u.start());
            // records starting together share their block's positions, each in proportion to its quantity
            BigDecimal block = blockCost.computeIfAbsent(u.meterId() + "@" + u.start(), k -> {
                BigDecimal from = position.getOrDefault(v, BigDecimal.ZERO);
                BigDecimal to = from.add(blockQuantity);
                position.put(v, to);
                return exactCost(v, share(s.prices(), v), from, to);
            });
            BigDecimal exact = blockQuantity.signum() == 0 ? BigDecimal.ZERO
                    : block.multiply(u.quantity()).divide(blockQuantity, 12, RoundingMode.HALF_EVEN);
            BigDecimal from = position.get(v);
            BigDecimal to = from;
            long tiersTouched = v.tiers().size();
            // each tier line is rounded once; a record carries at most its share of each line's half cent
            BigDecimal tolerance = new BigDecimal("0.005").multiply(BigDecimal.valueOf(tiersTouched))
                    .add(new BigDecimal("1E-9"));
            assertThat(a.cost().subtract(exact).abs()).as("record %s of %s at [%s, %s)", u.id(), u.meterId(), from, to)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    @Property(tries = 300)
    void displayedGroupsAddUpExactlyToTheRoundedTotalWhateverTheGrouping(@ForAll long seed) {
        Scenario s = scenario(seed);
        RatedPeriod rated = rate(s);
        List<Allocated> allocated = allocate(s, rated);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        int groups = 1 + r.nextInt(allocated.size() + 3);
        Map<Integer, BigDecimal> exact = new TreeMap<>();
        for (Allocated a : allocated) {
            exact.merge(r.nextInt(groups), a.cost(), BigDecimal::add);
        }
        for (Money term : rated.terms().stream().map(t -> t.amount()).toList()) {
            exact.merge(r.nextInt(groups), term.amount(), BigDecimal::add);
        }
        List<BigDecimal> values = new ArrayList<>(exact.values());
        List<BigDecimal> shown = LargestRemainder.round(values, 2);

        assertThat(shown.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(rated.total().amount());
        for (int i = 0; i < values.size(); i++) {
            assertThat(shown.get(i).scale()).isEqualTo(2);
            assertThat(shown.get(i).subtract(values.get(i)).abs()).isLessThan(new BigDecimal("0.01"));
        }
    }

    /** The version's seconds in force in March over March's seconds: its included quantity and thresholds scale so. */
    static long[] share(PriceList prices, MeterPrice v) {
        List<MeterPrice> all = prices.versions(v.meterId());
        int i = all.indexOf(v);
        Instant from = v.effectiveFrom().isAfter(MARCH.start()) ? v.effectiveFrom() : MARCH.start();
        Instant until = i + 1 < all.size() && all.get(i + 1).effectiveFrom().isBefore(MARCH.end())
                ? all.get(i + 1).effectiveFrom() : MARCH.end();
        return new long[] {until.getEpochSecond() - from.getEpochSecond(),
            MARCH.end().getEpochSecond() - MARCH.start().getEpochSecond()};
    }

    static BigDecimal prorated(BigDecimal x, long[] share) {
        return share[0] == share[1] ? x : x.multiply(BigDecimal.valueOf(share[0]))
                .divide(BigDecimal.valueOf(share[1]), 9, RoundingMode.HALF_UP);
    }

    /** Units {@code [from, to)} of version {@code v}'s usage: its included quantity first, then graduated tiers. */
    static BigDecimal exactCost(MeterPrice v, long[] share, BigDecimal from, BigDecimal to) {
        BigDecimal inc = prorated(v.includedQuantity(), share);
        BigDecimal billableFrom = from.max(inc).subtract(inc);
        BigDecimal billableTo = to.max(inc).subtract(inc);
        BigDecimal cost = BigDecimal.ZERO;
        List<Map.Entry<BigDecimal, BigDecimal>> tiers = new ArrayList<>(v.tiers().entrySet());
        for (int i = 0; i < tiers.size(); i++) {
            BigDecimal lo = prorated(tiers.get(i).getKey(), share);
            BigDecimal hi = i + 1 < tiers.size() ? prorated(tiers.get(i + 1).getKey(), share) : null;
            BigDecimal a = billableFrom.max(lo);
            BigDecimal b = hi == null ? billableTo : billableTo.min(hi);
            if (b.compareTo(a) > 0) {
                cost = cost.add(b.subtract(a).multiply(tiers.get(i).getValue()));
            }
        }
        return cost.setScale(12, RoundingMode.HALF_EVEN);
    }
}

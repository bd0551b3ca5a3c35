package io.meterwise.core.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.money.Rounding;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.time.BillingPeriod;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;

class RaterPropertiesTest {

    private static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);
    private static final List<UUID> METERS = List.of(
            UUID.fromString("00000000-0000-4000-8000-000000000001"),
            UUID.fromString("00000000-0000-4000-8000-000000000002"),
            UUID.fromString("00000000-0000-4000-8000-000000000003"));
    private static final Instant LAST_INSTANT_OF_MARCH = MARCH.end().minusNanos(1);

    record Usage(UUID meterId, Instant start, BigDecimal quantity) {
    }

    record Scenario(PriceList prices, Offer offer, List<Usage> usage, Instant billedFrom, Instant billedUntil) {
        Scenario(PriceList prices, Offer offer, List<Usage> usage) {
            this(prices, offer, usage, MARCH.start(), MARCH.end());
        }

        RatedPeriod rate() {
            return rate(usage);
        }

        RatedPeriod rate(List<Usage> records) {
            Rater rater = Rater.forPeriod(prices, offer, MARCH, billedFrom, billedUntil);
            records.forEach(u -> rater.add(u.meterId(), u.start(), u.quantity()));
            return rater.result();
        }
    }

    @Property(tries = 300)
    void splittingARecordNeverChangesTheResult(@ForAll("scenarios") Scenario scenario,
            @ForAll("fractions") BigDecimal fraction, @ForAll long seed) {
        List<Usage> split = new ArrayList<>(scenario.usage());
        Usage whole = split.remove(new Random(seed).nextInt(split.size()));
        BigDecimal part = whole.quantity().multiply(fraction).setScale(9, RoundingMode.DOWN);
        split.add(new Usage(whole.meterId(), whole.start(), part));
        split.add(new Usage(whole.meterId(), whole.start(), whole.quantity().subtract(part)));

        assertThat(scenario.rate(split)).isEqualTo(scenario.rate());
    }

    @Property(tries = 300)
    void reorderingRecordsNeverChangesTheResult(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        List<Usage> shuffled = new ArrayList<>(scenario.usage());
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(scenario.rate(shuffled)).isEqualTo(scenario.rate());
    }

    /**
     * ADR 0012: adding a usage record of any meter at any instant of the period never lowers the total, for any offer
     * (commitment and credit excluding different meters, several terms of a kind taking effect in the period, any
     * discount percentages), any price versions (up to three per meter in the period) and any billed time.
     */
    @Property(tries = 500)
    void addingUsageAnywhereNeverLowersTheTotal(@ForAll("anyScenarios") Scenario scenario,
            @ForAll("usageRecords") Usage extra) {
        List<Usage> more = new ArrayList<>(scenario.usage());
        more.add(extra);

        assertThat(scenario.rate(more).total().compareAmount(scenario.rate().total())).isNotNegative();
    }

    /**
     * Usage arriving in any order and in any batches (late usage re-rates a period with everything known so far, ADR
     * 0010) gives totals that never go down from one arrival to the next, so no adjustment is ever negative overall,
     * and the last equals the total of all the usage at once.
     */
    @Property(tries = 300)
    void usageArrivingInAnyOrderNeverLowersARatedTotal(@ForAll("anyScenarios") Scenario scenario,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<Usage> arrivals = new ArrayList<>(scenario.usage());
        Collections.shuffle(arrivals, random);
        List<Usage> known = new ArrayList<>();
        Money previous = scenario.rate(known).total();
        while (known.size() < arrivals.size()) {
            int batch = 1 + random.nextInt(arrivals.size() - known.size());
            known.addAll(arrivals.subList(known.size(), known.size() + batch));
            Money now = scenario.rate(known).total();
            assertThat(now.compareAmount(previous)).isNotNegative();
            previous = now;
        }
        assertThat(previous).isEqualTo(scenario.rate().total());
    }

    @Property(tries = 300)
    void includedQuantityAndTierBoundariesAreHonouredToTheUnit(@ForAll("anyScenarios") Scenario scenario) {
        RatedPeriod rated = scenario.rate();

        for (MeterCharge charge : rated.meterCharges()) {
            List<MeterPrice> versions = scenario.prices().versions(charge.meterId());
            MeterPrice version = scenario.prices().priceAt(charge.meterId(), charge.priceEffectiveFrom()).orElseThrow();
            int index = versions.indexOf(version);
            Instant from = version.effectiveFrom().isAfter(MARCH.start()) ? version.effectiveFrom() : MARCH.start();
            Instant until = index + 1 < versions.size() && versions.get(index + 1).effectiveFrom().isBefore(MARCH.end())
                    ? versions.get(index + 1).effectiveFrom() : MARCH.end();
            long seconds = until.getEpochSecond() - from.getEpochSecond();
            long marchSeconds = 31L * 24 * 3600;
            BigDecimal included = share(version.includedQuantity(), seconds, marchSeconds);
            BigDecimal billable = charge.quantity().subtract(included).max(BigDecimal.ZERO);

            assertThat(charge.includedQuantityUsed()).isEqualByComparingTo(charge.quantity().min(included));
            NavigableMap<BigDecimal, BigDecimal> prorated = new TreeMap<>();
            version.tiers().forEach((threshold, price) -> prorated.put(share(threshold, seconds, marchSeconds), price));
            Map<BigDecimal, BigDecimal> expected = expectedTierQuantities(prorated, BigDecimal.ZERO, billable);
            Map<BigDecimal, BigDecimal> actual = new TreeMap<>();
            charge.tiers().forEach(t -> actual.put(t.threshold(), t.quantity()));
            assertThat(actual).hasSameSizeAs(expected);
            expected.forEach((threshold, quantity) ->
                    assertThat(actual.get(TieredPricing.canonical(threshold))).isEqualByComparingTo(quantity));
        }
    }

    /** {@code quantity x seconds / of}, to 9 decimals half up, as ADR 0012 states. */
    private static BigDecimal share(BigDecimal quantity, long seconds, long of) {
        return seconds == of ? quantity : quantity.multiply(BigDecimal.valueOf(seconds))
                .divide(BigDecimal.valueOf(of), 9, RoundingMode.HALF_UP);
    }

    @Property(tries = 300)
    void linesAddUpExactly(@ForAll("scenarios") Scenario scenario) {
        RatedPeriod rated = scenario.rate();

        BigDecimal usage = BigDecimal.ZERO;
        for (MeterCharge charge : rated.meterCharges()) {
            BigDecimal quantity = charge.includedQuantityUsed();
            BigDecimal amount = BigDecimal.ZERO;
            for (TierCharge tier : charge.tiers()) {
                assertThat(tier.quantity()).isPositive();
                assertThat(tier.amount()).isEqualTo(Money.of(tier.quantity().multiply(tier.unitPrice()),
                        rated.currency()));
                quantity = quantity.add(tier.quantity());
                amount = amount.add(tier.amount().amount());
            }
            assertThat(quantity).isEqualByComparingTo(charge.quantity());
            assertThat(charge.amount().amount()).isEqualByComparingTo(amount);
            usage = usage.add(amount);
        }
        BigDecimal total = usage;
        for (TermApplication term : rated.terms()) {
            total = total.add(term.amount().amount());
        }
        assertThat(rated.usageCharges().amount()).isEqualByComparingTo(usage);
        assertThat(rated.total().amount()).isEqualByComparingTo(total).isNotNegative();

        for (UUID meter : METERS) {
            BigDecimal added = scenario.usage().stream().filter(u -> u.meterId().equals(meter))
                    .map(Usage::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal charged = rated.meterCharges().stream().filter(c -> c.meterId().equals(meter))
                    .map(MeterCharge::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(charged).isEqualByComparingTo(added);
        }
    }

    /** The intersection of the billable range {@code [from, to)} with each tier, where it is not empty. */
    private static Map<BigDecimal, BigDecimal> expectedTierQuantities(NavigableMap<BigDecimal, BigDecimal> tiers,
            BigDecimal from, BigDecimal to) {
        Map<BigDecimal, BigDecimal> quantities = new TreeMap<>();
        for (BigDecimal lower : tiers.keySet()) {
            BigDecimal upper = tiers.higherKey(lower);
            BigDecimal overlap = (upper == null ? to : to.min(upper)).subtract(from.max(lower));
            if (overlap.signum() > 0) {
                quantities.put(lower, overlap);
            }
        }
        return quantities;
    }

    @Provide
    Arbitrary<BigDecimal> fractions() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(3);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(priceLists(), offers(), usage()).as(Scenario::new);
    }

    @Provide
    Arbitrary<Scenario> anyScenarios() {
        Arbitrary<Instant> instant = instantsIn(MARCH);
        Arbitrary<Instant[]> billed = Arbitraries.oneOf(Arbitraries.just(new Instant[] {MARCH.start(), MARCH.end()}),
                Combinators.combine(instant, instant).as((a, b) -> a.isBefore(b) ? new Instant[] {a, b}
                        : new Instant[] {b, a}),
                instant.map(a -> new Instant[] {a, MARCH.end()}));
        return Combinators.combine(priceListsWithChanges(), anyOffers(), usage(), billed)
                .as((prices, offer, usage, span) -> new Scenario(prices, offer, usage, span[0], span[1]));
    }

    @Provide
    Arbitrary<Usage> usageRecords() {
        return Combinators.combine(Arbitraries.of(METERS), instantsIn(MARCH), quantities()).as(Usage::new);
    }

    private static Arbitrary<Instant> instantsIn(BillingPeriod period) {
        return Arbitraries.longs().between(0, period.end().getEpochSecond() - period.start().getEpochSecond() - 1)
                .map(s -> period.start().plusSeconds(s));
    }

    private static Arbitrary<BigDecimal> quantities() {
        return Arbitraries.integers().between(0, 9).flatMap(scale ->
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("400")).ofScale(scale));
    }

    /** Up to two price changes in March, each for every meter, generated independently. */
    private static Arbitrary<PriceList> priceListsWithChanges() {
        Arbitrary<List<MeterPrice>> change = instantsIn(MARCH).flatMap(RaterPropertiesTest::versionsFrom);
        Arbitrary<List<List<MeterPrice>>> changes = change.list().ofMaxSize(2);
        return Combinators.combine(versionsFrom(CatalogFixtures.PRICES_FROM), changes).as((first, more) -> {
            List<MeterPrice> all = new ArrayList<>(first);
            java.util.Set<Instant> seen = new java.util.HashSet<>();
            for (List<MeterPrice> versions : more) {
                if (seen.add(versions.get(0).effectiveFrom())) {
                    all.addAll(versions);
                }
            }
            return PriceList.of(CatalogFixtures.usdUs(CatalogFixtures.DEV_TEST_ID), all);
        });
    }

    /**
     * Offers with up to two terms of each kind, each with its own exclusions, effective before March or within it,
     * discount percentages in any order.
     */
    private static Arbitrary<Offer> anyOffers() {
        Arbitrary<BigDecimal> money = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("500"))
                .ofScale(2);
        Arbitrary<BigDecimal> percent = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100"))
                .ofScale(1);
        Arbitrary<Set<UUID>> excluded = Arbitraries.of(METERS).set().ofMaxSize(2);
        Arbitrary<Instant> effective = Arbitraries.oneOf(Arbitraries.just(CatalogFixtures.PRICES_FROM),
                instantsIn(MARCH));
        Arbitrary<OfferTerm> credit = Combinators.combine(effective, money, excluded).as((at, amount, ex) ->
                new OfferTerm.MonetaryCredit(at, Money.of(amount, CatalogFixtures.USD), ex));
        Arbitrary<OfferTerm> fee = Combinators.combine(effective, money).as((at, amount) ->
                new OfferTerm.RecurringCharge(at, Money.of(amount, CatalogFixtures.USD)));
        Arbitrary<OfferTerm> commitment = Combinators.combine(effective, money, money, percent, percent, excluded)
                .as((at, from, higher, low, high, ex) -> new OfferTerm.MonetaryCommitment(at, CatalogFixtures.USD,
                        CatalogFixtures.tiers(from.toPlainString(), low.toPlainString(),
                                from.add(higher).add(BigDecimal.ONE).toPlainString(), high.toPlainString()), ex));
        return Combinators.combine(commitment.list().ofMaxSize(2), credit.list().ofMaxSize(2),
                fee.list().ofMaxSize(2)).as((c, k, f) -> {
                    List<OfferTerm> terms = new ArrayList<>(c);
                    terms.addAll(k);
                    terms.addAll(f);
                    return CatalogFixtures.offerWith(terms.toArray(OfferTerm[]::new));
                });
    }

    private static Arbitrary<PriceList> priceLists() {
        Arbitrary<List<MeterPrice>> firstVersions = versionsFrom(CatalogFixtures.PRICES_FROM);
        Arbitrary<Integer> changeDay = Arbitraries.integers().between(0, 28); // 0: no change in March
        Arbitrary<List<MeterPrice>> secondVersions = changeDay.flatMap(day -> day == 0
                ? Arbitraries.just(List.<MeterPrice>of())
                : versionsFrom(MARCH.start().plus(day, ChronoUnit.DAYS).plus(7, ChronoUnit.HOURS)));
        return Combinators.combine(firstVersions, secondVersions).as((first, second) -> {
            List<MeterPrice> all = new ArrayList<>(first);
            all.addAll(second);
            return PriceList.of(CatalogFixtures.usdUs(CatalogFixtures.DEV_TEST_ID), all);
        });
    }

    private static Arbitrary<List<MeterPrice>> versionsFrom(Instant effectiveFrom) {
        Arbitrary<MeterPrice> one = Combinators.combine(Arbitraries.integers().between(0, METERS.size() - 1),
                included(), tiers()).as((meter, included, tiers) -> new MeterPrice(METERS.get(meter), effectiveFrom,
                        included, tiers));
        // every meter gets one version, generated independently
        return Combinators.combine(one, one, one).as((a, b, c) -> List.of(
                withMeter(a, METERS.get(0)), withMeter(b, METERS.get(1)), withMeter(c, METERS.get(2))));
    }

    private static MeterPrice withMeter(MeterPrice price, UUID meter) {
        return new MeterPrice(meter, price.effectiveFrom(), price.includedQuantity(), price.tiers());
    }

    private static Arbitrary<BigDecimal> included() {
        return Arbitraries.oneOf(Arbitraries.just(BigDecimal.ZERO),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("300")).ofScale(1));
    }

    private static Arbitrary<TreeMap<BigDecimal, BigDecimal>> tiers() {
        Arbitrary<BigDecimal> price = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("3"))
                .ofScale(4);
        Arbitrary<BigDecimal> threshold = Arbitraries.bigDecimals().between(new BigDecimal("0.5"),
                new BigDecimal("800")).ofScale(2);
        return Combinators.combine(threshold.set().ofMaxSize(3), price.list().ofSize(4)).as((thresholds, prices) -> {
            TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
            tiers.put(BigDecimal.ZERO, prices.get(0));
            int i = 1;
            for (BigDecimal t : new java.util.TreeSet<>(thresholds)) {
                tiers.put(t, prices.get(i++));
            }
            return tiers;
        });
    }

    private static Arbitrary<Offer> offers() {
        Arbitrary<BigDecimal> money = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("500"))
                .ofScale(2);
        Arbitrary<Set<UUID>> excluded = Arbitraries.of(METERS).set().ofMaxSize(2);
        Arbitrary<OfferTerm> credit = Combinators.combine(money, excluded).as((amount, ex) ->
                new OfferTerm.MonetaryCredit(CatalogFixtures.PRICES_FROM, Money.of(amount, CatalogFixtures.USD), ex));
        Arbitrary<OfferTerm> fee = money.map(amount ->
                new OfferTerm.RecurringCharge(CatalogFixtures.PRICES_FROM, Money.of(amount, CatalogFixtures.USD)));
        Arbitrary<OfferTerm> commitment = Combinators.combine(money, money,
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100")).ofScale(1), excluded)
                .as((from, higher, percent, ex) -> new OfferTerm.MonetaryCommitment(CatalogFixtures.PRICES_FROM,
                        CatalogFixtures.USD, CatalogFixtures.tiers(from.toPlainString(), percent.toPlainString(),
                                from.add(higher).add(BigDecimal.ONE).toPlainString(),
                                percent.max(new BigDecimal("50")).toPlainString()), ex));
        Arbitrary<List<OfferTerm>> terms = Arbitraries.oneOf(commitment, credit, fee).list().ofMaxSize(3);
        return terms.map(list -> CatalogFixtures.offerWith(list.toArray(OfferTerm[]::new)));
    }

    private static Arbitrary<List<Usage>> usage() {
        Arbitrary<BigDecimal> quantity = Arbitraries.integers().between(0, 9).flatMap(scale ->
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("400")).ofScale(scale));
        Arbitrary<Instant> start = Arbitraries.longs().between(0, MARCH.end().getEpochSecond()
                - MARCH.start().getEpochSecond() - 1).map(s -> MARCH.start().plusSeconds(s));
        return Combinators.combine(Arbitraries.of(METERS), start, quantity).as(Usage::new).list().ofMinSize(1)
                .ofMaxSize(25);
    }
}

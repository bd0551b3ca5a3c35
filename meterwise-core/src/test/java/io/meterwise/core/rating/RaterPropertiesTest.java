package io.meterwise.core.rating;

import static io.meterwise.core.testing.CatalogFixtures.BLOB;
import static io.meterwise.core.testing.CatalogFixtures.EGRESS;
import static io.meterwise.core.testing.CatalogFixtures.PAYG_USD;
import static io.meterwise.core.testing.CatalogFixtures.PRICES_FROM;
import static io.meterwise.core.testing.CatalogFixtures.VM;
import static io.meterwise.core.testing.CatalogFixtures.payAsYouGo;
import static io.meterwise.core.testing.CatalogFixtures.tiered;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.time.BillingPeriod;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RaterPropertiesTest {

    private static final BillingPeriod OCTOBER = BillingPeriod.of(2026, 10);
    private static final Instant OCT_1 = OCTOBER.start();
    private static final Instant PRICE_CHANGE = Instant.parse("2026-10-15T00:00:00Z");
    private static final List<UUID> METERS = List.of(VM, EGRESS, BLOB);
    private static final PriceList PRICES = PriceList.of(PAYG_USD, List.of(
            tiered(VM, PRICES_FROM, "0", "0", "0.096"),
            tiered(EGRESS, PRICES_FROM, "5", "0", "0.087", "100", "0.083", "500", "0.07"),
            tiered(EGRESS, PRICE_CHANGE, "5", "0", "0.081", "100", "0.077", "500", "0.05"),
            tiered(BLOB, PRICES_FROM, "1.5", "0", "0.0184", "50", "0.0177")));

    record Usage(UUID meter, int hour, BigDecimal quantity) {
        Instant start() {
            return OCT_1.plusSeconds(hour * 3600L);
        }
    }

    @Provide
    Arbitrary<Usage> usage() {
        return Combinators.combine(Arbitraries.of(METERS), Arbitraries.integers().between(0, 24 * 31 - 1),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("400")).ofScale(9))
                .as(Usage::new);
    }

    private static RatedPeriod rate(List<Usage> records) {
        Rater rater = Rater.forPeriod(PRICES, payAsYouGo(), OCTOBER);
        for (Usage u : records) {
            rater.add(u.meter(), u.start(), u.quantity());
        }
        return rater.result();
    }

    @Property(tries = 300)
    void splittingOrReorderingRecordsNeverChangesTheResult(@ForAll @Size(max = 40) List<@From("usage") Usage> records,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<Usage> split = new ArrayList<>();
        for (Usage u : records) {
            BigDecimal part = u.quantity().multiply(BigDecimal.valueOf(random.nextInt(101)))
                    .divide(BigDecimal.valueOf(100), 9, RoundingMode.DOWN);
            split.add(new Usage(u.meter(), u.hour(), part));
            split.add(new Usage(u.meter(), u.hour(), u.quantity().subtract(part)));
        }
        Collections.shuffle(split, random);

        assertThat(rate(split)).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo,
                BigDecimal.class).isEqualTo(rate(records));
    }

    @Property(tries = 300)
    void theTotalNeverDecreasesWhenUsageGrows(@ForAll @Size(max = 30) List<@From("usage") Usage> records,
            @ForAll("usage") Usage more) {
        BigDecimal before = rate(records).total().amount();
        List<Usage> grown = new ArrayList<>(records);
        grown.add(more);
        assertThat(rate(grown).total().amount()).isGreaterThanOrEqualTo(before);
    }

    @Property(tries = 300)
    void includedAndTierQuantitiesAddUpToTheUsageToTheUnit(@ForAll @Size(max = 30) List<@From("usage") Usage> records) {
        RatedPeriod rated = rate(records);
        for (UUID meter : METERS) {
            BigDecimal used = records.stream().filter(u -> u.meter().equals(meter)).map(Usage::quantity)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal free = BigDecimal.ZERO;
            for (MeterCharge c : rated.meterCharges()) {
                if (c.meterId().equals(meter)) {
                    free = free.add(c.includedQuantityUsed());
                    charged = charged.add(c.includedQuantityUsed());
                    for (TierCharge t : c.tiers()) {
                        charged = charged.add(t.quantity());
                    }
                }
            }
            assertThat(charged).isEqualByComparingTo(used);
            BigDecimal included = meter.equals(EGRESS) ? new BigDecimal("5")
                    : meter.equals(BLOB) ? new BigDecimal("1.5") : BigDecimal.ZERO;
            assertThat(free).isEqualByComparingTo(used.min(included));
        }
    }

    @Property(tries = 200)
    void unitsArePricedByTheTierTheirPositionFallsIn(
            @ForAll @IntRange(min = 0, max = 2_000_000) int thousandths) {
        BigDecimal quantity = BigDecimal.valueOf(thousandths, 3);
        Rater rater = Rater.forPeriod(PRICES, payAsYouGo(), OCTOBER);
        rater.add(BLOB, OCT_1, quantity);
        MeterCharge charge = rater.result().meterCharges().get(0);

        BigDecimal billable = quantity.subtract(new BigDecimal("1.5")).max(BigDecimal.ZERO);
        BigDecimal firstTier = billable.min(new BigDecimal("50"));
        BigDecimal secondTier = billable.subtract(firstTier);
        BigDecimal expected = firstTier.multiply(new BigDecimal("0.0184")).setScale(2, RoundingMode.HALF_UP)
                .add(secondTier.multiply(new BigDecimal("0.0177")).setScale(2, RoundingMode.HALF_UP));
        assertThat(charge.amount().amount()).isEqualByComparingTo(expected);
    }

    @Property(tries = 200)
    void theTotalIsTheSumOfItsRoundedLines(@ForAll @Size(max = 30) List<@From("usage") Usage> records) {
        RatedPeriod rated = rate(records);
        BigDecimal lines = BigDecimal.ZERO;
        for (MeterCharge c : rated.meterCharges()) {
            BigDecimal tiers = BigDecimal.ZERO;
            for (TierCharge t : c.tiers()) {
                assertThat(t.amount().amount().scale()).isEqualTo(2);
                tiers = tiers.add(t.amount().amount());
            }
            assertThat(c.amount().amount()).isEqualByComparingTo(tiers);
            lines = lines.add(c.amount().amount());
        }
        assertThat(rated.total().amount()).isEqualByComparingTo(lines);
    }
}

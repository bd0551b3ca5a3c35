package io.meterwise.core.rating;

import static io.meterwise.core.testing.CatalogFixtures.BLOB;
import static io.meterwise.core.testing.CatalogFixtures.EGRESS;
import static io.meterwise.core.testing.CatalogFixtures.PAYG_USD;
import static io.meterwise.core.testing.CatalogFixtures.PRICES_FROM;
import static io.meterwise.core.testing.CatalogFixtures.VM;
import static io.meterwise.core.testing.CatalogFixtures.commitment;
import static io.meterwise.core.testing.CatalogFixtures.monthlyCredit;
import static io.meterwise.core.testing.CatalogFixtures.payAsYouGo;
import static io.meterwise.core.testing.CatalogFixtures.standardPrices;
import static io.meterwise.core.testing.CatalogFixtures.tiered;
import static io.meterwise.core.testing.CatalogFixtures.withTerms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

class RaterTest {

    private static final BillingPeriod OCTOBER = BillingPeriod.of(2026, 10);
    private static final Instant OCT_1 = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant OCT_20 = Instant.parse("2026-10-20T00:00:00Z");

    private static Rater rater() {
        return Rater.forPeriod(standardPrices(), payAsYouGo(), OCTOBER);
    }

    @Test
    void pricesFlatUsageAndRoundsTheLineOnce() {
        Rater rater = rater();
        for (int i = 0; i < 3; i++) {
            rater.add(BLOB, OCT_1.plusSeconds(i * 3600L), new BigDecimal("0.333"));
        }
        RatedPeriod rated = rater.result();

        // 0.999 GB x 0.0184 = 0.0183816, rounded once to 0.02 (three separately rounded 0.01s would give 0.03)
        assertThat(rated.meterCharges()).singleElement().satisfies(c -> {
            assertThat(c.quantity()).isEqualByComparingTo("0.999");
            assertThat(c.amount().amount()).isEqualByComparingTo("0.02");
        });
        assertThat(rated.total().amount()).isEqualByComparingTo("0.02");
    }

    @Test
    void includedQuantityIsFreeToTheUnit() {
        Rater rater = rater();
        rater.add(EGRESS, OCT_1, new BigDecimal("5"));
        MeterCharge charge = rater.result().meterCharges().get(0);
        assertThat(charge.includedQuantityUsed()).isEqualByComparingTo("5");
        assertThat(charge.tiers()).isEmpty();
        assertThat(charge.amount().isZero()).isTrue();

        rater.add(EGRESS, OCT_20, new BigDecimal("0.000000001"));
        MeterCharge after = rater.result().meterCharges().get(0);
        assertThat(after.tiers()).singleElement()
                .satisfies(t -> assertThat(t.quantity()).isEqualByComparingTo("0.000000001"));
    }

    @Test
    void tiersAreGraduatedOverTheCumulativeQuantityOfThePeriod() {
        Rater rater = rater();
        // 5 free + 10240 in the first tier + 760 in the second, split over two records on different days
        rater.add(EGRESS, OCT_1, new BigDecimal("6000"));
        rater.add(EGRESS, OCT_20, new BigDecimal("5005"));
        MeterCharge charge = rater.result().meterCharges().get(0);

        assertThat(charge.includedQuantityUsed()).isEqualByComparingTo("5");
        assertThat(charge.tiers()).hasSize(2);
        assertThat(charge.tiers().get(0).quantity()).isEqualByComparingTo("10240");
        assertThat(charge.tiers().get(0).amount().amount()).isEqualByComparingTo("890.88");
        assertThat(charge.tiers().get(1).threshold()).isEqualByComparingTo("10240");
        assertThat(charge.tiers().get(1).quantity()).isEqualByComparingTo("760");
        assertThat(charge.tiers().get(1).amount().amount()).isEqualByComparingTo("63.08");
        assertThat(charge.amount().amount()).isEqualByComparingTo("953.96");
    }

    @Test
    void exactTierBoundaryStaysInTheLowerTier() {
        Rater rater = rater();
        rater.add(EGRESS, OCT_1, new BigDecimal("10245"));
        MeterCharge charge = rater.result().meterCharges().get(0);
        assertThat(charge.tiers()).singleElement().satisfies(t -> {
            assertThat(t.threshold()).isEqualByComparingTo("0");
            assertThat(t.quantity()).isEqualByComparingTo("10240");
        });
    }

    @Test
    void aPriceChangeMidMonthAppliesFromItsDateAndTiersContinueAcrossVersions() {
        Instant change = Instant.parse("2026-10-15T00:00:00Z");
        PriceList prices = PriceList.of(PAYG_USD, List.of(
                tiered(EGRESS, PRICES_FROM, "5", "0", "0.087", "100", "0.083"),
                tiered(EGRESS, change, "5", "0", "0.080", "100", "0.070")));
        Rater rater = Rater.forPeriod(prices, payAsYouGo(), OCTOBER);
        rater.add(EGRESS, OCT_20, new BigDecimal("50"));
        rater.add(EGRESS, OCT_1, new BigDecimal("60"));

        List<MeterCharge> charges = rater.result().meterCharges();
        assertThat(charges).hasSize(2);
        // before the change: 5 free, 55 at 0.087 = 4.785 -> 4.79
        assertThat(charges.get(0).priceEffectiveFrom()).isEqualTo(PRICES_FROM);
        assertThat(charges.get(0).amount().amount()).isEqualByComparingTo("4.79");
        // after: billable positions 55..105 -> 45 at 0.080 = 3.60 and 5 at 0.070 = 0.35
        assertThat(charges.get(1).priceEffectiveFrom()).isEqualTo(change);
        assertThat(charges.get(1).tiers()).extracting(t -> t.amount().amount().toPlainString())
                .containsExactly("3.60", "0.35");
    }

    @Test
    void usageOutsideThePeriodOrUnpricedIsRefused() {
        Rater rater = rater();
        assertThatThrownBy(() -> rater.add(VM, Instant.parse("2026-11-01T00:00:00Z"), BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside billing period");
        assertThatThrownBy(() -> rater.add(java.util.UUID.randomUUID(), OCT_1, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no price");
        assertThatThrownBy(() -> rater.add(VM, OCT_1, new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void monetaryCreditPaysForEligibleMetersAndLapses() {
        Rater rater = Rater.forPeriod(standardPrices(), withTerms(monthlyCredit("50.00", EGRESS)), OCTOBER);
        rater.add(VM, OCT_1, new BigDecimal("100"));    // 9.60
        rater.add(EGRESS, OCT_1, new BigDecimal("105")); // 100 x 0.087 = 8.70, excluded from the credit
        RatedPeriod rated = rater.result();

        assertThat(rated.usageCharges().amount()).isEqualByComparingTo("18.30");
        assertThat(rated.terms()).singleElement().isInstanceOfSatisfying(TermApplication.CreditApplied.class, c -> {
            assertThat(c.eligible().amount()).isEqualByComparingTo("9.60");
            assertThat(c.amount().amount()).isEqualByComparingTo("-9.60");
        });
        assertThat(rated.total().amount()).isEqualByComparingTo("8.70");
    }

    @Test
    void creditIsCappedByTheCreditAmount() {
        Rater rater = Rater.forPeriod(standardPrices(), withTerms(monthlyCredit("5.00")), OCTOBER);
        rater.add(VM, OCT_1, new BigDecimal("100"));
        assertThat(rater.result().total().amount()).isEqualByComparingTo("4.60");
    }

    @Test
    void commitmentDiscountUsesTheHighestThresholdReached() {
        Rater rater = Rater.forPeriod(standardPrices(),
                withTerms(commitment(Map.of("0", "0", "100", "5", "1000", "10"), EGRESS)), OCTOBER);
        rater.add(VM, OCT_1, new BigDecimal("2000"));   // 192.00 eligible -> 5 %
        rater.add(EGRESS, OCT_1, new BigDecimal("105")); // 8.70, not discounted
        RatedPeriod rated = rater.result();

        assertThat(rated.terms()).singleElement().isInstanceOfSatisfying(TermApplication.CommitmentDiscount.class,
                d -> {
                    assertThat(d.percent()).isEqualByComparingTo("5");
                    assertThat(d.amount().amount()).isEqualByComparingTo("-9.60");
                });
        assertThat(rated.total().amount()).isEqualByComparingTo("191.10");
    }

    @Test
    void recurringChargeIsAddedEveryPeriod() {
        OfferTerm fee = new OfferTerm.RecurringCharge(PRICES_FROM, Money.exact("10", "USD"));
        RatedPeriod rated = Rater.forPeriod(standardPrices(), withTerms(fee), OCTOBER).result();
        assertThat(rated.total().amount()).isEqualByComparingTo("10.00");
    }

    @Test
    void roundsToTheMinorUnitOfTheCurrency() {
        Currency jpy = Currency.getInstance("JPY");
        PriceList yen = PriceList.of(new PriceListKey("MS-AZR-0003P", jpy, "JP"),
                List.of(tiered(VM, PRICES_FROM, "0", "0", "14.5")));
        Rater rater = Rater.forPeriod(yen, payAsYouGo(), OCTOBER);
        rater.add(VM, OCT_1, new BigDecimal("1"));
        assertThat(rater.result().total().amount()).isEqualByComparingTo("15");
        assertThat(rater.result().total().amount().scale()).isZero();
    }
}

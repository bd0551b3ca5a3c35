package io.meterwise.core.rating;

import static io.meterwise.core.testing.CatalogFixtures.DATA_TRANSFER_OUT_GB;
import static io.meterwise.core.testing.CatalogFixtures.PRICES_FROM;
import static io.meterwise.core.testing.CatalogFixtures.STORAGE_10K_TRANSACTIONS;
import static io.meterwise.core.testing.CatalogFixtures.USD;
import static io.meterwise.core.testing.CatalogFixtures.VM_D2_HOURS;
import static io.meterwise.core.testing.CatalogFixtures.tiers;
import static io.meterwise.core.testing.UsageRecords.aUsageRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.money.Money;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.time.BillingPeriod;

class RaterTest {

    private static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);
    private static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant MARCH_15 = Instant.parse("2026-03-15T00:00:00Z");
    private static final BillingPeriod APRIL = BillingPeriod.of(2026, 4);
    private static final Instant APRIL_16 = Instant.parse("2026-04-16T00:00:00Z");
    private static final UUID METER = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    private static final PriceListKey KEY = CatalogFixtures.usdUs(CatalogFixtures.PAY_AS_YOU_GO_ID);

    @Test
    void splitsUsageOverTiersExactlyAtTheirBoundaries() {
        PriceList prices = priceList(new MeterPrice(METER, PRICES_FROM, BigDecimal.ZERO,
                tiers("0", "1.00", "100", "0.80", "200", "0.50")));

        assertThat(tierQuantities(rate(prices, "100"))).containsExactly("100");
        assertThat(tierQuantities(rate(prices, "200"))).containsExactly("100", "100");
        assertThat(tierQuantities(rate(prices, "200.000000001"))).containsExactly("100", "100", "0.000000001");

        MeterCharge charge = rate(prices, "250").meterCharges().get(0);
        assertThat(charge.tiers()).extracting(t -> t.threshold().toPlainString()).containsExactly("0", "100", "200");
        assertThat(charge.tiers()).extracting(t -> t.amount().amount().toPlainString())
                .containsExactly("100.00", "80.00", "25.00");
        assertThat(charge.amount()).isEqualTo(Money.exact("205", "USD"));
    }

    @Test
    void includedQuantityIsFreeToTheUnitAndKeepsAZeroLine() {
        PriceList prices = priceList(new MeterPrice(METER, PRICES_FROM, new BigDecimal("5"), tiers("0", "2")));

        MeterCharge allIncluded = rate(prices, "5").meterCharges().get(0);
        assertThat(allIncluded.includedQuantityUsed()).isEqualByComparingTo("5");
        assertThat(allIncluded.tiers()).isEmpty();
        assertThat(allIncluded.amount()).isEqualTo(Money.zero(USD));

        MeterCharge oneOver = rate(prices, "3", "3").meterCharges().get(0);
        assertThat(oneOver.quantity()).isEqualByComparingTo("6");
        assertThat(oneOver.includedQuantityUsed()).isEqualByComparingTo("5");
        assertThat(tierQuantities(oneOver)).containsExactly("1");
        assertThat(oneOver.amount()).isEqualTo(Money.exact("2", "USD"));
    }

    @Test
    void eachPriceVersionPricesItsOwnUsageWithQuantitiesProratedByTimeInForce() {
        PriceList prices = priceList( // April has 30 days: each version is in force for 15 of them, half the month
                new MeterPrice(METER, PRICES_FROM, new BigDecimal("10"), tiers("0", "1.00", "100", "0.50")),
                new MeterPrice(METER, APRIL_16, new BigDecimal("10"), tiers("0", "2.00", "100", "1.00")));
        Rater rater = Rater.forPeriod(prices, CatalogFixtures.payAsYouGo(), APRIL);
        rater.add(METER, Instant.parse("2026-04-20T00:00:00Z"), new BigDecimal("80"));
        rater.add(METER, APRIL.start(), new BigDecimal("60"));

        RatedPeriod rated = rater.result();

        assertThat(rated.meterCharges()).hasSize(2);
        MeterCharge before = rated.meterCharges().get(0);
        MeterCharge after = rated.meterCharges().get(1);
        assertThat(before.priceEffectiveFrom()).isEqualTo(PRICES_FROM);
        assertThat(before.includedQuantityUsed()).isEqualByComparingTo("5");
        assertThat(before.tiers()).extracting(t -> t.threshold().toPlainString()).containsExactly("0", "50");
        assertThat(tierQuantities(before)).containsExactly("50", "5");
        assertThat(before.amount()).isEqualTo(Money.exact("52.50", "USD"));
        assertThat(after.priceEffectiveFrom()).isEqualTo(APRIL_16);
        assertThat(after.includedQuantityUsed()).isEqualByComparingTo("5");
        assertThat(after.tiers()).extracting(t -> t.threshold().toPlainString()).containsExactly("0", "50");
        assertThat(tierQuantities(after)).containsExactly("50", "25");
        assertThat(after.amount()).isEqualTo(Money.exact("125", "USD"));
        assertThat(rated.total()).isEqualTo(Money.exact("177.50", "USD"));
    }

    /** docs/rating.md, "Included quantity under two price versions". */
    @Test
    void includedQuantityUnderTwoPriceVersionsIsProratedByTimeInForce() {
        PriceList prices = priceList(
                new MeterPrice(METER, PRICES_FROM, new BigDecimal("100"), tiers("0", "0.10")),
                new MeterPrice(METER, APRIL_16, new BigDecimal("300"), tiers("0", "0.10")));
        Rater rater = Rater.forPeriod(prices, CatalogFixtures.payAsYouGo(), APRIL);
        rater.add(METER, APRIL.start(), new BigDecimal("400"));
        rater.add(METER, APRIL_16, new BigDecimal("400"));

        RatedPeriod rated = rater.result();

        assertThat(rated.meterCharges()).extracting(c -> c.includedQuantityUsed().toPlainString())
                .containsExactly("50", "150"); // 100 x 15/30 and 300 x 15/30: 200 free units in April
        assertThat(rated.total()).isEqualTo(Money.exact("60.00", "USD")); // (350 + 250) x 0.10
    }

    /** The audit's case: 10 late units under an older, cheaper version once lowered a bill by 8.00. */
    @Test
    void lateUsageUnderAnOlderPriceVersionNeverLowersTheTotal() {
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("0.10")),
                new MeterPrice(METER, MARCH_15, BigDecimal.ZERO, tiers("0", "1.00", "50", "0.20")));
        List<String> onTime = List.of("2026-03-20T00:00:00Z=200", "2026-03-02T00:00:00Z=10");
        RatedPeriod invoiced = rateAt(prices, CatalogFixtures.payAsYouGo(), onTime);
        List<String> withLate = new java.util.ArrayList<>(onTime);
        withLate.add("2026-03-03T00:00:00Z=10");

        RatedPeriod reRated = rateAt(prices, CatalogFixtures.payAsYouGo(), withLate);

        assertThat(reRated.total().amount()).isEqualByComparingTo(invoiced.total().amount().add(new BigDecimal("1.00")));
    }

    /** The audit's case: commitment and credit excluding different meters once let 10 more units lower a bill. */
    @Test
    void moreUsageOfACreditedMeterNeverLowersTheTotalWhenCommitmentAndCreditExcludeDifferentMeters() {
        UUID other = UUID.fromString("00000000-0000-4000-8000-0000000000bb");
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, BigDecimal.ONE),
                MeterPrice.flat(other, PRICES_FROM, BigDecimal.ONE));
        Offer offer = CatalogFixtures.offerWith( // METER: discounted and credited; other: discounted only
                new OfferTerm.MonetaryCommitment(PRICES_FROM, USD, tiers("0", "0", "500", "50"), Set.of()),
                new OfferTerm.MonetaryCredit(PRICES_FROM, usd("1000"), Set.of(other)));
        BigDecimal previous = null;
        for (int extra = 0; extra <= 600; extra += 10) {
            Rater rater = Rater.forPeriod(prices, offer, MARCH);
            rater.add(other, MARCH_1, new BigDecimal("500"));
            rater.add(METER, MARCH_1, new BigDecimal(extra));
            BigDecimal total = rater.result().total().amount();
            if (previous != null) {
                assertThat(total).as("total with %s more units", extra).isGreaterThanOrEqualTo(previous);
            }
            previous = total;
        }
        Rater rater = Rater.forPeriod(prices, offer, MARCH);
        rater.add(other, MARCH_1, new BigDecimal("500"));
        rater.add(METER, MARCH_1, new BigDecimal("100"));
        // discount: 50 % of the 100 above 500 = 50.00, all of it on the credited meter's top slice;
        // credit pays METER's 100.00 minus that 50.00; other's 500.00 stays payable
        assertThat(withoutSlices(rater.result().terms())).containsExactly(
                new TermApplication.CommitmentDiscount(new BigDecimal("50"), usd("600"), List.of(), usd("-50")),
                new TermApplication.CreditApplied(usd("1000"), usd("50"), usd("-50")));
        assertThat(rater.result().total()).isEqualTo(usd("500.00"));
    }

    @Test
    void usageAtTheInstantOfAPriceChangeTakesTheNewPrice() {
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("1")),
                MeterPrice.flat(METER, MARCH_15, new BigDecimal("3")));
        Rater rater = Rater.forPeriod(prices, CatalogFixtures.payAsYouGo(), MARCH);
        rater.add(METER, MARCH_15, BigDecimal.ONE);
        rater.add(METER, MARCH_15.minusNanos(1), BigDecimal.ONE);

        assertThat(rater.result().total()).isEqualTo(Money.exact("4", "USD"));
    }

    @Test
    void roundsEachTierLineOnceNotEachRecord() {
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("1")));

        assertThat(rate(prices, "0.333", "0.333", "0.333").total()).isEqualTo(Money.exact("1.00", "USD"));
        assertThat(rate(prices, "0.999").total()).isEqualTo(Money.exact("1.00", "USD"));
        assertThat(rate(prices, "0.004", "0.0009").total()).isEqualTo(Money.exact("0.00", "USD"));
        assertThat(rate(prices, "0.005").total()).isEqualTo(Money.exact("0.01", "USD"));
    }

    @Test
    void totalsAreSumsOfRoundedLinesNeverRoundedAgain() {
        PriceList prices = priceList(new MeterPrice(METER, PRICES_FROM, BigDecimal.ZERO,
                tiers("0", "0.005", "1", "0.005")));

        RatedPeriod rated = rate(prices, "2");

        // two lines of 0.005 each round to 0.01; rounding their exact sum 0.010 would also give 0.01, but the
        // engine never re-rounds: each line is 0.01 and the total is their sum, 0.02
        assertThat(rated.meterCharges().get(0).tiers()).extracting(TierCharge::amount)
                .containsExactly(Money.exact("0.01", "USD"), Money.exact("0.01", "USD"));
        assertThat(rated.total()).isEqualTo(Money.exact("0.02", "USD"));
    }

    @Test
    void ratesInTheCurrencyOfThePriceListWithItsMinorUnit() {
        Currency jpy = Currency.getInstance("JPY");
        PriceList prices = PriceList.of(new PriceListKey(CatalogFixtures.PAY_AS_YOU_GO_ID, jpy, "JP"),
                List.of(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("12.5"))));

        RatedPeriod rated = rate(prices, "1", "0.4");

        assertThat(rated.currency()).isEqualTo(jpy);
        assertThat(rated.total()).isEqualTo(Money.exact("18", "JPY")); // 1.4 x 12.5 = 17.5, half up
        assertThat(rated.total().amount().scale()).isZero();
    }

    @Test
    void commitmentDiscountIsGraduatedOverItsThresholds() {
        Offer offer = CatalogFixtures.offerWith(new OfferTerm.MonetaryCommitment(PRICES_FROM, USD,
                tiers("100", "5", "1000", "10"), Set.of()));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("1")));

        assertThat(withoutSlices(terms(prices, offer, "99.99"))).containsExactly(
                new TermApplication.CommitmentDiscount(BigDecimal.ZERO, usd("99.99"), List.of(), usd("0")));
        assertThat(withoutSlices(terms(prices, offer, "100"))).containsExactly(
                new TermApplication.CommitmentDiscount(new BigDecimal("5"), usd("100"), List.of(), usd("0")));
        assertThat(withoutSlices(terms(prices, offer, "201.05"))).containsExactly( // 5 % of 101.05 = 5.0525
                new TermApplication.CommitmentDiscount(new BigDecimal("5"), usd("201.05"), List.of(), usd("-5.05")));
        assertThat(withoutSlices(terms(prices, offer, "1000"))).containsExactly( // 5 % of 900
                new TermApplication.CommitmentDiscount(new BigDecimal("10"), usd("1000"), List.of(), usd("-45")));
        assertThat(withoutSlices(terms(prices, offer, "1100"))).containsExactly( // 5 % of 900 + 10 % of 100
                new TermApplication.CommitmentDiscount(new BigDecimal("10"), usd("1100"), List.of(), usd("-55")));
    }

    @Test
    void crossingACommitmentThresholdNeverLowersTheBill() {
        Offer offer = CatalogFixtures.offerWith(new OfferTerm.MonetaryCommitment(PRICES_FROM, USD,
                tiers("0", "0", "100", "10"), Set.of()));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("1")));

        // a whole-amount percentage would take 10 % of 100.50 and bill 90.45, less than the 99.99 before it
        assertThat(rate(prices, offer, "99.99").total()).isEqualTo(usd("99.99"));
        assertThat(rate(prices, offer, "100.50").total()).isEqualTo(usd("100.45"));
    }

    @Test
    void creditPaysForEligibleChargesAfterDiscountAndLapses() {
        Offer offer = CatalogFixtures.offerWithTerms(); // 5 % from 100, 10 % from 1000, credit 100, fee 10
        Rater rater = Rater.forPeriod(CatalogFixtures.usdPriceList(), offer, MARCH);
        rater.add(VM_D2_HOURS, MARCH_1, new BigDecimal("2000")); // 192.00, eligible
        rater.add(STORAGE_10K_TRANSACTIONS, MARCH_1, new BigDecimal("1000")); // 3.60, excluded

        RatedPeriod rated = rater.result();

        assertThat(rated.usageCharges()).isEqualTo(usd("195.60"));
        assertThat(withoutSlices(rated.terms())).containsExactly(
                new TermApplication.CommitmentDiscount(new BigDecimal("5"), usd("192"), List.of(), usd("-4.60")),
                new TermApplication.CreditApplied(usd("100"), usd("187.40"), usd("-100")),
                new TermApplication.RecurringFee(usd("10")));
        assertThat(rated.total()).isEqualTo(usd("101.00"));
    }

    @Test
    void creditNeverTakesTheTotalBelowZero() {
        Offer offer = CatalogFixtures.offerWithTerms();
        Rater rater = Rater.forPeriod(CatalogFixtures.usdPriceList(), offer, MARCH);
        rater.add(VM_D2_HOURS, MARCH_1, new BigDecimal("100")); // 9.60, below the commitment threshold

        RatedPeriod rated = rater.result();

        assertThat(rated.terms().get(1)).isEqualTo(
                new TermApplication.CreditApplied(usd("100"), usd("9.60"), usd("-9.60")));
        assertThat(rated.total()).isEqualTo(usd("10.00")); // only the recurring fee
    }

    @Test
    void creditDeductsOnlyTheDiscountOnMetersItCovers() {
        Offer offer = CatalogFixtures.offerWith(
                new OfferTerm.MonetaryCommitment(PRICES_FROM, USD, tiers("0", "10"), Set.of()),
                new OfferTerm.MonetaryCredit(PRICES_FROM, Money.exact("1000", "USD"), Set.of(DATA_TRANSFER_OUT_GB)));
        Rater rater = Rater.forPeriod(CatalogFixtures.usdPriceList(), offer, MARCH);
        rater.add(VM_D2_HOURS, MARCH_1, new BigDecimal("1000")); // 96.00
        rater.add(DATA_TRANSFER_OUT_GB, MARCH_1, new BigDecimal("105")); // 100 x 0.087 = 8.70

        RatedPeriod rated = rater.result();

        assertThat(withoutSlices(rated.terms())).containsExactly(
                new TermApplication.CommitmentDiscount(new BigDecimal("10"), usd("104.70"), List.of(), usd("-10.47")),
                new TermApplication.CreditApplied(usd("1000"), usd("86.40"), usd("-86.40")));
        assertThat(rated.total()).isEqualTo(usd("7.83")); // 104.70 - 10.47 - 86.40: transfer after its discount
    }

    @Test
    void recurringChargesAndCreditsAreProratedBySecondsInForce() {
        Offer offer = CatalogFixtures.offerWith(
                new OfferTerm.RecurringCharge(Instant.parse("2026-03-20T00:00:00Z"), usd("9.99")),
                new OfferTerm.MonetaryCredit(Instant.parse("2026-03-31T23:59:59Z"), usd("100"), Set.of()),
                new OfferTerm.RecurringCharge(PRICES_FROM, Money.exact("1000", "JPY")),
                new OfferTerm.MonetaryCredit(PRICES_FROM, Money.exact("10000", "JPY"), Set.of()));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, BigDecimal.ONE));

        List<TermApplication> terms = terms(prices, offer, "5");

        // credit: 1 s of 2,678,400 s of March x 100.00 = 0.0000373 -> 0.00; charge: 12 of 31 days x 9.99 = 3.867
        TimeInForce lastSecond = new TimeInForce(1, 31 * 86_400);
        TimeInForce twelveDays = new TimeInForce(12 * 86_400, 31 * 86_400);
        assertThat(terms).containsExactly(
                new TermApplication.CreditApplied(usd("0.00"), usd("5"), usd("0.00"), lastSecond),
                new TermApplication.RecurringFee(usd("3.87"), twelveDays));
        assertThat(twelveDays.days()).isEqualByComparingTo("12");
    }

    @Test
    void termsOfOneKindArePiecedTogetherByTheirTimeInForce() {
        Offer offer = CatalogFixtures.offerWith(
                new OfferTerm.RecurringCharge(PRICES_FROM, usd("10")),
                new OfferTerm.RecurringCharge(Instant.parse("2026-03-20T00:00:00Z"), usd("12")),
                new OfferTerm.RecurringCharge(Instant.parse("2026-04-01T00:00:00Z"), usd("15")));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, BigDecimal.ONE));

        // 10 x 19/31 + 12 x 12/31 = 334/31 = 10.774...
        assertThat(terms(prices, offer)).containsExactly(new TermApplication.RecurringFee(usd("10.77")));
    }

    @Test
    void aSubscriptionBilledFromMidMonthPaysForItsTimeOnly() {
        Offer offer = CatalogFixtures.offerWith(new OfferTerm.RecurringCharge(PRICES_FROM, usd("31")),
                new OfferTerm.MonetaryCredit(PRICES_FROM, usd("62"), Set.of()));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, BigDecimal.ONE));
        Rater rater = Rater.forPeriod(prices, offer, MARCH, MARCH_15, MARCH.end());
        rater.add(METER, MARCH_15, new BigDecimal("100"));

        TimeInForce seventeenDays = new TimeInForce(17 * 86_400, 31 * 86_400);
        assertThat(rater.result().terms()).containsExactly(
                new TermApplication.CreditApplied(usd("34"), usd("100"), usd("-34"), seventeenDays),
                new TermApplication.RecurringFee(usd("17"), seventeenDays));
        assertThat(rater.result().total()).isEqualTo(usd("83.00"));
    }

    @Test
    void aCommitmentTakingEffectMidPeriodStartsWithTheNextPeriod() {
        Offer offer = CatalogFixtures.offerWith(new OfferTerm.MonetaryCommitment(MARCH_15, USD, tiers("0", "10"),
                Set.of()));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, BigDecimal.ONE));

        assertThat(terms(prices, offer, "100")).isEmpty();
        Rater april = Rater.forPeriod(prices, offer, APRIL);
        april.add(METER, APRIL.start(), new BigDecimal("100"));
        assertThat(april.result().total()).isEqualTo(usd("90.00"));
    }

    @Test
    void anOfferTermWithoutAnAmountInThePriceListCurrencyIsRefused() {
        Offer offer = CatalogFixtures.offerWith(new OfferTerm.MonetaryCredit(PRICES_FROM, usd("50"), Set.of()),
                new OfferTerm.MonetaryCredit(PRICES_FROM, Money.exact("45", "EUR"), Set.of()),
                new OfferTerm.RecurringCharge(PRICES_FROM, Money.exact("10", "EUR")));
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, BigDecimal.ONE));

        assertThatThrownBy(() -> Rater.forPeriod(prices, offer, MARCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a Recurring Charge in EUR but none in USD");
    }

    @Test
    void ordersLinesByMeterIdThenVersion() {
        Rater rater = Rater.forPeriod(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH);
        rater.add(STORAGE_10K_TRANSACTIONS, MARCH_1, BigDecimal.ONE);
        rater.add(VM_D2_HOURS, MARCH_1, BigDecimal.ONE);
        rater.add(DATA_TRANSFER_OUT_GB, MARCH_1, BigDecimal.ONE);

        assertThat(rater.result().meterCharges()).extracting(MeterCharge::meterId)
                .containsExactly(VM_D2_HOURS, DATA_TRANSFER_OUT_GB, STORAGE_10K_TRANSACTIONS);
    }

    @Test
    void resultIsAPureFunctionOfWhatWasAdded() {
        Rater rater = Rater.forPeriod(CatalogFixtures.usdPriceList(), CatalogFixtures.offerWithTerms(), MARCH);
        rater.add(VM_D2_HOURS, MARCH_1, new BigDecimal("10"));
        RatedPeriod first = rater.result();

        assertThat(rater.result()).isEqualTo(first);
        rater.add(VM_D2_HOURS, MARCH_1, new BigDecimal("10"));
        assertThat(rater.result().usageCharges()).isEqualTo(usd("1.92"));
    }

    @Test
    void ratesUsageRecordsInOneCall() {
        RatedPeriod rated = Rater.rate(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH, List.of(
                aUsageRecord().forMeter(VM_D2_HOURS).quantity("24").at("2026-03-02T00:00:00Z").build(),
                aUsageRecord().forMeter(DATA_TRANSFER_OUT_GB).quantity("15").at("2026-03-03T00:00:00Z").build()));

        assertThat(rated.usageCharges()).isEqualTo(usd("3.17")); // 24 x 0.096 = 2.304 -> 2.30; 10 x 0.087 = 0.87
        assertThat(rated.total()).isEqualTo(rated.usageCharges());
        assertThat(rated.terms()).isEmpty();
    }

    @Test
    void keepsFullPrecisionOfHugeAndFineQuantities() {
        PriceList prices = priceList(MeterPrice.flat(METER, PRICES_FROM, new BigDecimal("0.000001")));
        String huge = "9000000000.5";
        String fine = "0.0000000001";

        MeterCharge charge = rate(prices, huge, huge, fine).meterCharges().get(0);

        assertThat(charge.quantity()).isEqualByComparingTo("18000000001.0000000001");
        assertThat(charge.amount()).isEqualTo(usd("18000.00"));
    }

    @Test
    void rejectsUsageOutsideThePeriodNegativeQuantitiesAndUnpricedMeters() {
        PriceList prices = priceList(MeterPrice.flat(METER, MARCH_15, BigDecimal.ONE));
        Rater rater = Rater.forPeriod(prices, CatalogFixtures.payAsYouGo(), MARCH);

        assertThatThrownBy(() -> rater.add(METER, Instant.parse("2026-04-01T00:00:00Z"), BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside billing period 2026-03");
        assertThatThrownBy(() -> rater.add(METER, MARCH_1.minusNanos(1), BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rater.add(METER, MARCH_15, new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> rater.add(METER, MARCH_1, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no price in force");
        assertThatThrownBy(() -> rater.add(VM_D2_HOURS, MARCH_15, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no price");
        assertThat(rater.result().meterCharges()).isEmpty();
        assertThat(rater.result().total()).isEqualTo(usd("0"));
    }

    /** The worked example of docs/rating.md. */
    @Test
    void workedExampleOfTheUserGuide() {
        PriceList prices = PriceList.of(KEY, List.of(
                MeterPrice.flat(VM_D2_HOURS, PRICES_FROM, new BigDecimal("0.096")),
                new MeterPrice(DATA_TRANSFER_OUT_GB, PRICES_FROM, new BigDecimal("5"),
                        tiers("0", "0.087", "10240", "0.083")),
                new MeterPrice(DATA_TRANSFER_OUT_GB, APRIL_16, new BigDecimal("5"),
                        tiers("0", "0.080", "10240", "0.075"))));
        Offer offer = CatalogFixtures.offerWith(
                new OfferTerm.MonetaryCommitment(PRICES_FROM, USD, tiers("1000", "5"), Set.of()),
                new OfferTerm.MonetaryCredit(PRICES_FROM, usd("100"), Set.of()),
                new OfferTerm.RecurringCharge(PRICES_FROM, usd("10")));
        Rater rater = Rater.forPeriod(prices, offer, APRIL);
        for (int day = 0; day < 12; day++) { // 500 GB a day, 12 days before the price change and 12 after it
            rater.add(DATA_TRANSFER_OUT_GB, APRIL.start().plus(java.time.Duration.ofDays(day)), new BigDecimal("500"));
            rater.add(DATA_TRANSFER_OUT_GB, APRIL_16.plus(java.time.Duration.ofDays(day)), new BigDecimal("500"));
        }
        rater.add(VM_D2_HOURS, APRIL.start(), new BigDecimal("720"));

        RatedPeriod rated = rater.result();

        assertThat(rated.meterCharges()).extracting(c -> c.amount().amount().toPlainString())
                .containsExactly("69.12", "518.27", "475.41");
        assertThat(rated.meterCharges().get(1).tiers()).extracting(t -> t.threshold().toPlainString() + " "
                + t.quantity().toPlainString() + " " + t.amount().amount().toPlainString())
                .containsExactly("0 5120 445.44", "5120 877.5 72.83");
        assertThat(rated.meterCharges().get(2).includedQuantityUsed()).isEqualByComparingTo("2.5");
        assertThat(rated.usageCharges()).isEqualTo(usd("1062.80"));
        assertThat(rated.terms()).extracting(t -> t.amount().amount().toPlainString())
                .containsExactly("-3.14", "-100.00", "10.00");
        assertThat(rated.total()).isEqualTo(usd("969.66"));
    }

    private static PriceList priceList(MeterPrice... versions) {
        return PriceList.of(KEY, List.of(versions));
    }

    private static RatedPeriod rate(PriceList prices, String... quantities) {
        return rate(prices, CatalogFixtures.payAsYouGo(), quantities);
    }

    private static RatedPeriod rate(PriceList prices, Offer offer, String... quantities) {
        Rater rater = Rater.forPeriod(prices, offer, MARCH);
        for (String quantity : quantities) {
            rater.add(METER, MARCH_15, new BigDecimal(quantity));
        }
        return rater.result();
    }

    /** Rates {@code "usageStart=quantity"} entries of {@link #METER} in March. */
    private static RatedPeriod rateAt(PriceList prices, Offer offer, List<String> usage) {
        Rater rater = Rater.forPeriod(prices, offer, MARCH);
        for (String entry : usage) {
            String[] parts = entry.split("=");
            rater.add(METER, Instant.parse(parts[0]), new BigDecimal(parts[1]));
        }
        return rater.result();
    }

    private static List<TermApplication> terms(PriceList prices, Offer offer, String... quantities) {
        return rate(prices, offer, quantities).terms();
    }

    /** Terms with the commitment's slices left out, to compare the rest by value. */
    static List<TermApplication> withoutSlices(List<TermApplication> terms) {
        return terms.stream().map(t -> t instanceof TermApplication.CommitmentDiscount d
                ? new TermApplication.CommitmentDiscount(d.percent(), d.eligible(), List.of(), d.amount()) : t).toList();
    }

    private static List<String> tierQuantities(RatedPeriod rated) {
        return tierQuantities(rated.meterCharges().get(0));
    }

    private static List<String> tierQuantities(MeterCharge charge) {
        return charge.tiers().stream().map(t -> t.quantity().toPlainString()).toList();
    }

    private static Money usd(String amount) {
        return Money.exact(amount, "USD");
    }
}

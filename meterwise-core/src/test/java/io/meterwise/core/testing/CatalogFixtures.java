package io.meterwise.core.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.money.Money;

/**
 * A small catalog for tests: three meters, a pay-as-you-go offer without terms, a dev/test offer with every kind of
 * term, and a USD price list for the US with a flat meter, a tiered meter and a meter with an included quantity.
 * Prices are in force from {@link #PRICES_FROM} (2026-01-01).
 */
public final class CatalogFixtures {

    public static final Currency USD = Currency.getInstance("USD");
    public static final Currency JPY = Currency.getInstance("JPY");
    public static final Instant PRICES_FROM = Instant.parse("2026-01-01T00:00:00Z");

    /** D2 v3 virtual machine hours: flat 0.096 USD per hour. */
    public static final UUID VM_D2_HOURS = UUID.fromString("0a1b2c3d-0000-4000-8000-000000000001");
    /** Outbound data transfer in GB: 5 GB included, then 0.087 / 0.083 / 0.07 per GB from 0 / 10,240 / 51,200 GB. */
    public static final UUID DATA_TRANSFER_OUT_GB = UUID.fromString("0a1b2c3d-0000-4000-8000-000000000002");
    /** Storage transactions per 10K: 0.0036 for the first 1,000, then 0.0018. */
    public static final UUID STORAGE_10K_TRANSACTIONS = UUID.fromString("0a1b2c3d-0000-4000-8000-000000000003");

    public static final String PAY_AS_YOU_GO_ID = "MS-AZR-0003P";
    public static final String DEV_TEST_ID = "MS-AZR-0023P";

    private CatalogFixtures() {
    }

    public static List<Meter> meters() {
        return List.of(
                new Meter(VM_D2_HOURS, "D2 v3", "Virtual Machines", "Dv3 Series", "US East", "1 Hour", List.of()),
                new Meter(DATA_TRANSFER_OUT_GB, "Data Transfer Out (GB)", "Networking", "Bandwidth", "Zone 1",
                        "1 GB", List.of()),
                new Meter(STORAGE_10K_TRANSACTIONS, "Transactions", "Storage", "Standard", "US East", "10K",
                        List.of()));
    }

    public static Offer payAsYouGo() {
        return new Offer(PAY_AS_YOU_GO_ID, "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of());
    }

    /**
     * An offer with a 100 USD monthly credit, a commitment discount of 5 % from 100 USD and 10 % from 1,000 USD of
     * usage, and a 10 USD recurring charge; the credit and the discount exclude {@link #STORAGE_10K_TRANSACTIONS}.
     */
    public static Offer offerWithTerms() {
        return offerWith(
                new OfferTerm.MonetaryCommitment(PRICES_FROM, USD,
                        tiers("100", "5", "1000", "10"), Set.of(STORAGE_10K_TRANSACTIONS)),
                new OfferTerm.MonetaryCredit(PRICES_FROM, Money.exact("100", "USD"), Set.of(STORAGE_10K_TRANSACTIONS)),
                new OfferTerm.RecurringCharge(PRICES_FROM, Money.exact("10", "USD")));
    }

    public static Offer offerWith(OfferTerm... terms) {
        return new Offer(DEV_TEST_ID, "Dev/Test Pay-As-You-Go", OfferType.DEV_TEST, List.of(terms));
    }

    public static PriceListKey usdUs(String offerDurableId) {
        return new PriceListKey(offerDurableId, USD, "US");
    }

    /** The USD / US price list of pay-as-you-go with the three meters. */
    public static PriceList usdPriceList() {
        return priceList(usdUs(PAY_AS_YOU_GO_ID));
    }

    public static PriceList priceList(PriceListKey key) {
        return PriceList.of(key, List.of(
                MeterPrice.flat(VM_D2_HOURS, PRICES_FROM, new BigDecimal("0.096")),
                new MeterPrice(DATA_TRANSFER_OUT_GB, PRICES_FROM, new BigDecimal("5"),
                        tiers("0", "0.087", "10240", "0.083", "51200", "0.07")),
                new MeterPrice(STORAGE_10K_TRANSACTIONS, PRICES_FROM, BigDecimal.ZERO,
                        tiers("0", "0.0036", "1000", "0.0018"))));
    }

    /** Tiers from alternating threshold and value strings: {@code tiers("0", "0.1", "100", "0.08")}. */
    public static TreeMap<BigDecimal, BigDecimal> tiers(String... thresholdsAndValues) {
        if (thresholdsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("tiers need threshold/value pairs");
        }
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        for (int i = 0; i < thresholdsAndValues.length; i += 2) {
            tiers.put(new BigDecimal(thresholdsAndValues[i]), new BigDecimal(thresholdsAndValues[i + 1]));
        }
        return tiers;
    }
}

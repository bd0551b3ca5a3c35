package io.meterwise.core.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
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
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;

/** A small catalog for tests: a VM meter, a tiered bandwidth meter with included quantity, a storage meter. */
public final class CatalogFixtures {

    public static final Currency USD = Currency.getInstance("USD");
    public static final Instant PRICES_FROM = Instant.parse("2020-01-01T00:00:00Z");

    public static final UUID VM = UUID.fromString("11111111-0000-0000-0000-000000000001");
    public static final UUID EGRESS = UUID.fromString("11111111-0000-0000-0000-000000000002");
    public static final UUID BLOB = UUID.fromString("11111111-0000-0000-0000-000000000003");

    public static final Meter VM_METER = new Meter(VM, "D2s v5", "Virtual Machines", "Dv5 Series", "EU West",
            "1 Hour", List.of());
    public static final Meter EGRESS_METER = new Meter(EGRESS, "Standard Data Transfer Out", "Bandwidth",
            "Rtn Preference: MGN", "Zone 1", "1 GB", List.of());
    public static final Meter BLOB_METER = new Meter(BLOB, "Hot LRS Data Stored", "Storage", "General Block Blob v2",
            "EU West", "1 GB/Month", List.of());

    public static final PriceListKey PAYG_USD = new PriceListKey("MS-AZR-0003P", USD, "US");

    private CatalogFixtures() {
    }

    public static Offer payAsYouGo() {
        return new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of());
    }

    public static Offer withTerms(OfferTerm... terms) {
        return new Offer("MS-AZR-0063P", "Visual Studio Enterprise", OfferType.MSDN, List.of(terms));
    }

    public static OfferTerm.MonetaryCredit monthlyCredit(String amount, UUID... excluded) {
        return new OfferTerm.MonetaryCredit(PRICES_FROM, Money.exact(amount, "USD"), Set.of(excluded));
    }

    public static OfferTerm.MonetaryCommitment commitment(Map<String, String> tiers, UUID... excluded) {
        TreeMap<BigDecimal, BigDecimal> discount = new TreeMap<>();
        tiers.forEach((k, v) -> discount.put(new BigDecimal(k), new BigDecimal(v)));
        return new OfferTerm.MonetaryCommitment(PRICES_FROM, USD, discount, Set.of(excluded));
    }

    public static MeterPrice tiered(UUID meter, Instant from, String included, String... thresholdPricePairs) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        for (int i = 0; i < thresholdPricePairs.length; i += 2) {
            tiers.put(new BigDecimal(thresholdPricePairs[i]), new BigDecimal(thresholdPricePairs[i + 1]));
        }
        return new MeterPrice(meter, from, new BigDecimal(included), tiers);
    }

    /** VM at 0.096/h; egress 5 GB free then 0.087 up to 10,240 GB, 0.083 above; blob 0.0184 per GB/month. */
    public static PriceList standardPrices() {
        return PriceList.of(PAYG_USD, List.of(
                tiered(VM, PRICES_FROM, "0", "0", "0.096"),
                tiered(EGRESS, PRICES_FROM, "5", "0", "0.087", "10240", "0.083"),
                tiered(BLOB, PRICES_FROM, "0", "0", "0.0184")));
    }

    public static Subscription subscription(UUID id) {
        return new Subscription(id, "Test subscription", SubscriptionState.ENABLED, "MS-AZR-0003P", USD, "US",
                "tenant-1");
    }
}

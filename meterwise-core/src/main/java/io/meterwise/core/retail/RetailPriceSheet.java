package io.meterwise.core.retail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;

/**
 * The retail price sheet of a currency: the price list of the public pay-as-you-go offer (one offer, named by the
 * operator, so that negotiated offers are never published) in that currency, every meter, every price version, every
 * tier. When several of its price lists use the currency (one per country of purchase), the one of {@code US} is taken
 * if it exists, else the first country in alphabetical order, so the answer is deterministic.
 * <p>
 * A version's included quantity is the row at 0 units priced 0, and its tiers move up by the included quantity, which
 * is how Azure lists included units ({@code tierMinimumUnits} counts units of the month, included ones too).
 */
public final class RetailPriceSheet {

    private static final String PREFERRED_COUNTRY = "US";

    private RetailPriceSheet() {
    }

    /** The price list behind the sheet of {@code currency}; empty when the offer is not priced in it. */
    public static Optional<PriceList> priceList(Catalog catalog, String offerDurableId, Currency currency) {
        String offer = Offer.normalizeDurableId(offerDurableId);
        TreeSet<PriceListKey> candidates = new TreeSet<>(Comparator.comparing(
                (PriceListKey k) -> !k.regionInfo().equals(PREFERRED_COUNTRY)).thenComparing(PriceListKey::regionInfo));
        for (PriceListKey key : catalog.priceListKeys()) {
            if (key.currency().equals(currency) && key.offerDurableId().equals(offer)) {
                candidates.add(key);
            }
        }
        return candidates.isEmpty() ? Optional.empty() : catalog.priceList(candidates.first());
    }

    /** Every row of a price list, ordered by meter id, version and tier. */
    public static List<RetailPriceRow> rows(Catalog catalog, PriceList priceList) {
        List<RetailPriceRow> rows = new ArrayList<>();
        Currency currency = priceList.key().currency();
        List<java.util.UUID> meterIds = new ArrayList<>(priceList.meterIds());
        meterIds.sort(Comparator.comparing(java.util.UUID::toString));
        for (java.util.UUID meterId : meterIds) {
            Optional<Meter> meter = catalog.meter(meterId);
            if (meter.isEmpty()) {
                continue;
            }
            List<MeterPrice> versions = priceList.versions(meterId);
            for (int i = 0; i < versions.size(); i++) {
                MeterPrice version = versions.get(i);
                var end = i + 1 < versions.size() ? Optional.of(versions.get(i + 1).effectiveFrom())
                        : Optional.<java.time.Instant>empty();
                BigDecimal included = version.includedQuantity();
                if (included.signum() > 0) {
                    rows.add(new RetailPriceRow(meter.get(), currency, BigDecimal.ZERO, BigDecimal.ZERO,
                            version.effectiveFrom(), end));
                }
                for (Map.Entry<BigDecimal, BigDecimal> tier : version.tiers().entrySet()) {
                    rows.add(new RetailPriceRow(meter.get(), currency, tier.getKey().add(included), tier.getValue(),
                            version.effectiveFrom(), end));
                }
            }
        }
        return rows;
    }
}

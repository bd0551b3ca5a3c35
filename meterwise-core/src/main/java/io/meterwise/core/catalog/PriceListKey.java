package io.meterwise.core.catalog;

import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/** Identifies a price list: offer, currency and ISO 3166 country of purchase ({@code RegionInfo}). */
public record PriceListKey(String offerDurableId, Currency currency, String regionInfo) {

    public PriceListKey {
        offerDurableId = Offer.normalizeDurableId(offerDurableId);
        Objects.requireNonNull(currency, "currency");
        regionInfo = normalizeRegionInfo(regionInfo);
    }

    public static String normalizeRegionInfo(String regionInfo) {
        Objects.requireNonNull(regionInfo, "regionInfo");
        String upper = regionInfo.trim().toUpperCase(Locale.ROOT);
        if (!upper.matches("^[A-Z]{2}$")) {
            throw new IllegalArgumentException("RegionInfo '" + regionInfo + "' is not a 2-letter ISO country code");
        }
        return upper;
    }
}

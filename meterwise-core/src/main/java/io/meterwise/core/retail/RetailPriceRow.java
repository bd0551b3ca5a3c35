package io.meterwise.core.retail;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

import io.meterwise.core.catalog.Meter;

/**
 * One tier of one price version of a meter, as a Retail Prices item: from {@link #tierMinimumUnits()} units a month on,
 * each unit costs {@link #unitPrice()}. {@link #effectiveEnd()} is the start of the next version (exclusive) when the
 * version has been superseded or will be.
 */
public record RetailPriceRow(Meter meter, Currency currency, BigDecimal tierMinimumUnits, BigDecimal unitPrice,
        Instant effectiveStart, Optional<Instant> effectiveEnd) {

    public RetailPriceRow {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(tierMinimumUnits, "tierMinimumUnits");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(effectiveStart, "effectiveStart");
        Objects.requireNonNull(effectiveEnd, "effectiveEnd");
    }
}

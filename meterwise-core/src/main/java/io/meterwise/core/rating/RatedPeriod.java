package io.meterwise.core.rating;

import java.util.Currency;
import java.util.List;
import java.util.Objects;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * A priced billing period of one subscription. {@code usageCharges = sum(meterCharges.amount)} and
 * {@code total = usageCharges + sum(terms.amount)}, to the minor unit, with no further rounding.
 */
public record RatedPeriod(BillingPeriod period, Currency currency, List<MeterCharge> meterCharges,
        List<TermApplication> terms, Money usageCharges, Money total) {
    public RatedPeriod {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(currency, "currency");
        meterCharges = List.copyOf(meterCharges);
        terms = List.copyOf(terms);
        Objects.requireNonNull(usageCharges, "usageCharges");
        Objects.requireNonNull(total, "total");
    }
}

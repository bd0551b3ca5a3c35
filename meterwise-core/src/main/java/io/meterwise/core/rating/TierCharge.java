package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.Objects;

import io.meterwise.core.money.Money;

/**
 * Billable units of one tier of one price version: {@code amount = round(quantity x unitPrice)}, the only place a usage
 * amount is rounded. {@code threshold} is the tier's lower bound in billable units of the billing period.
 */
public record TierCharge(BigDecimal threshold, BigDecimal quantity, BigDecimal unitPrice, Money amount) {
    public TierCharge {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(amount, "amount");
    }
}

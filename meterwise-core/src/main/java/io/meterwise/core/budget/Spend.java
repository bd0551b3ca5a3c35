package io.meterwise.core.budget;

import java.math.BigDecimal;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a rule measured for one period: {@code actual} so far, and {@code forecast} for the whole period when it was
 * asked for and could be made; in {@code unit} (a currency code for money, the meter's unit for a quantity).
 */
public record Spend(BudgetPeriod period, BigDecimal actual, @Nullable BigDecimal forecast, String unit) {

    public Spend {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(unit, "unit");
    }
}

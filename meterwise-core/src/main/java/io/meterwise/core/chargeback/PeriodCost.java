package io.meterwise.core.chargeback;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * Everything a subscription is charged for one billing period: the invoice's total once the period is issued, else the
 * rated total so far ({@code estimated}). The lines' exact costs add up to {@code total}, checked on construction.
 */
public record PeriodCost(UUID subscriptionId, BillingPeriod period, Money total, boolean estimated,
        List<CostLine> lines) {

    public PeriodCost {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(total, "total");
        lines = List.copyOf(lines);
        BigDecimal sum = BigDecimal.ZERO;
        for (CostLine line : lines) {
            sum = sum.add(line.cost());
        }
        if (sum.compareTo(total.amount()) != 0) {
            throw new IllegalArgumentException("the lines add up to " + sum.toPlainString() + ", not to " + total);
        }
    }

    public Currency currency() {
        return total.currency();
    }
}

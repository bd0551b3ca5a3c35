package io.meterwise.core.budget;

import java.util.Optional;

/**
 * How long one budget period lasts; spend is counted afresh in each. Meterwise bills calendar months, so the billing
 * variants ({@code BillingMonth}, ...) last as long as their calendar twins.
 */
public enum BudgetGrain {
    MONTHLY("Monthly", 1),
    QUARTERLY("Quarterly", 3),
    ANNUALLY("Annually", 12),
    BILLING_MONTH("BillingMonth", 1),
    BILLING_QUARTER("BillingQuarter", 3),
    BILLING_ANNUAL("BillingAnnual", 12);

    private final String wireName;
    private final int months;

    BudgetGrain(String wireName, int months) {
        this.wireName = wireName;
        this.months = months;
    }

    public String wireName() {
        return wireName;
    }

    public int months() {
        return months;
    }

    public static Optional<BudgetGrain> fromWireName(String name) {
        for (BudgetGrain g : values()) {
            if (g.wireName.equalsIgnoreCase(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}

package io.meterwise.core.cost;

import java.util.Locale;
import java.util.Optional;

/**
 * An aggregated column: the sum of the charges' cost (Meterwise prices carry no tax, so {@code Cost} and
 * {@code PreTaxCost} are the same; the {@code USD} ones only for subscriptions billed in USD) or of usage quantities.
 */
public enum Metric {
    COST("Cost", true),
    PRE_TAX_COST("PreTaxCost", true),
    COST_USD("CostUSD", true),
    PRE_TAX_COST_USD("PreTaxCostUSD", true),
    USAGE_QUANTITY("UsageQuantity", false);

    private final String wireName;
    private final boolean money;

    Metric(String wireName, boolean money) {
        this.wireName = wireName;
        this.money = money;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isMoney() {
        return money;
    }

    public boolean needsUsd() {
        return this == COST_USD || this == PRE_TAX_COST_USD;
    }

    public static Optional<Metric> fromWireName(String name) {
        for (Metric m : values()) {
            if (m.wireName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

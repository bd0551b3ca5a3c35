package io.meterwise.core.chargeback;

import java.util.Optional;

/** What a shared-cost rule takes from the direct allocation: a resource group's, a meter category's or a whole subscription's cost. */
public enum SharedScope {
    RESOURCE_GROUP("ResourceGroup"),
    METER_CATEGORY("MeterCategory"),
    SUBSCRIPTION("Subscription");

    private final String wireName;

    SharedScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SharedScope> fromWireName(String name) {
        for (SharedScope s : values()) {
            if (s.wireName.equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

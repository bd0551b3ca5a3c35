package io.meterwise.core.budget;

/** What a rule limits: money (a budget, category {@code Cost}) or the quantity of one meter (a usage alert rule). */
public enum Measure {
    COST("Cost"),
    USAGE("Usage");

    private final String wireName;

    Measure(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

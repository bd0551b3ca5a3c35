package io.meterwise.core.catalog;

/** Azure subscription states. */
public enum SubscriptionState {
    ENABLED("Enabled"),
    WARNED("Warned"),
    PAST_DUE("PastDue"),
    DISABLED("Disabled"),
    DELETED("Deleted");

    private final String wireName;

    SubscriptionState(String wireName) {
        this.wireName = wireName;
    }

    /** Whether the subscription is billed for its time in this state: Enabled, Warned and PastDue are. */
    public boolean billed() {
        return this != DISABLED && this != DELETED;
    }

    public String wireName() {
        return wireName;
    }

    public static SubscriptionState fromWireName(String name) {
        for (SubscriptionState s : values()) {
            if (s.wireName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown subscription state '" + name + "'");
    }
}

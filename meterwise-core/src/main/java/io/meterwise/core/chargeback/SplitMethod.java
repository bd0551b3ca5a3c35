package io.meterwise.core.chargeback;

import java.util.Optional;

/**
 * How a shared cost is split over its cost centres: in equal parts, in proportion to each one's direct cost of the
 * period (evenly when none of them has any), or by fixed percentages that add up to exactly 100.
 */
public enum SplitMethod {
    EVEN("Even"),
    PROPORTIONAL("Proportional"),
    FIXED("Fixed");

    private final String wireName;

    SplitMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SplitMethod> fromWireName(String name) {
        for (SplitMethod s : values()) {
            if (s.wireName.equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

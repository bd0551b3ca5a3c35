package io.meterwise.core.budget;

import java.util.Optional;

/** The state of a fired alert as the Cost Management alerts API shows it. */
public enum AlertStatus {
    ACTIVE("Active"),
    DISMISSED("Dismissed");

    private final String wireName;

    AlertStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AlertStatus> fromWireName(String name) {
        for (AlertStatus s : values()) {
            if (s.wireName.equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

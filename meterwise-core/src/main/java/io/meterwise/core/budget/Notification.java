package io.meterwise.core.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One threshold of a rule: when the measured value (actual, or forecast for the period) compared by {@code operator}
 * with {@code threshold} percent of the rule's amount holds, the notification fires, once per period.
 */
public record Notification(boolean enabled, Operator operator, BigDecimal threshold, ThresholdType thresholdType,
        List<String> contactEmails, List<String> contactRoles, List<String> contactGroups, String locale) {

    public Notification {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(thresholdType, "thresholdType");
        contactEmails = List.copyOf(contactEmails);
        contactRoles = List.copyOf(contactRoles);
        contactGroups = List.copyOf(contactGroups);
        Objects.requireNonNull(locale, "locale");
    }

    /**
     * The comparison. {@code EqualTo} (deprecated by Azure: spend rarely equals a threshold exactly at the moment it
     * is measured) fires as {@code GreaterThanOrEqualTo}, so it is not silently never sent.
     */
    public enum Operator {
        EQUAL_TO("EqualTo"),
        GREATER_THAN("GreaterThan"),
        GREATER_THAN_OR_EQUAL_TO("GreaterThanOrEqualTo");

        private final String wireName;

        Operator(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public boolean holds(BigDecimal observed, BigDecimal target) {
            int c = observed.compareTo(target);
            return this == GREATER_THAN ? c > 0 : c >= 0;
        }

        public static Optional<Operator> fromWireName(String name) {
            for (Operator o : values()) {
                if (o.wireName.equalsIgnoreCase(name)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    public enum ThresholdType {
        ACTUAL("Actual"),
        FORECASTED("Forecasted");

        private final String wireName;

        ThresholdType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<ThresholdType> fromWireName(String name) {
            for (ThresholdType t : values()) {
                if (t.wireName.equalsIgnoreCase(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code threshold} percent of {@code amount}. */
    public BigDecimal target(BigDecimal amount) {
        return amount.multiply(threshold).movePointLeft(2);
    }
}

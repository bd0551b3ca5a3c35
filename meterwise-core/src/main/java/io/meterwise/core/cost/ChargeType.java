package io.meterwise.core.cost;

import java.util.Locale;
import java.util.Optional;

/**
 * What a charge is for; the Azure {@code ChargeType} dimension. Usage charges belong to usage records; the offer terms
 * of a billing period are charges of their own, dated on the first day of the period.
 */
public enum ChargeType {
    USAGE("Usage"),
    COMMITMENT_DISCOUNT("CommitmentDiscount"),
    CREDIT("Credit"),
    RECURRING_CHARGE("RecurringCharge");

    private final String wireName;

    ChargeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ChargeType> fromWireName(String name) {
        for (ChargeType t : values()) {
            if (t.wireName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

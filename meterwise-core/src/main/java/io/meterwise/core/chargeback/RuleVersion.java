package io.meterwise.core.chargeback;

import java.time.YearMonth;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.time.BillingPeriod;

/**
 * A named version of a subscription's chargeback rules, in force for the billing periods from {@code effectiveFrom} to
 * {@code effectiveTo} (inclusive; open-ended when null). Versions of a subscription never overlap, so each period has at most
 * one.
 */
public record RuleVersion(UUID subscriptionId, String name, YearMonth effectiveFrom, @Nullable YearMonth effectiveTo,
        ChargebackRules rules) {

    public RuleVersion {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(rules, "rules");
    }

    public boolean covers(BillingPeriod period) {
        YearMonth m = period.month();
        return !m.isBefore(effectiveFrom) && (effectiveTo == null || !m.isAfter(effectiveTo));
    }

    public boolean overlaps(RuleVersion other) {
        boolean startsBeforeOtherEnds = other.effectiveTo == null || !effectiveFrom.isAfter(other.effectiveTo);
        boolean otherStartsBeforeThisEnds = effectiveTo == null || !other.effectiveFrom.isAfter(effectiveTo);
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }
}

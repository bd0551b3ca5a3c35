package io.meterwise.core.chargeback;

import java.time.YearMonth;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.time.BillingPeriod;

/**
 * A named version of a tenant's chargeback rules, in force for the billing periods from {@code effectiveFrom} to
 * {@code effectiveTo} (inclusive; open-ended when null). Versions of a tenant never overlap, so each period has at most
 * one.
 */
public record RuleVersion(String tenantId, String name, YearMonth effectiveFrom, @Nullable YearMonth effectiveTo,
        ChargebackRules rules) {

    public RuleVersion {
        Objects.requireNonNull(tenantId, "tenantId");
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

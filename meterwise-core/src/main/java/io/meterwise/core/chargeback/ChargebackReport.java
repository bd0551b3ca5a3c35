package io.meterwise.core.chargeback;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * A subscription's cost of one billing period charged back to cost centres by one rule version. The rows' totals add
 * up to {@code total} to the minor unit (checked on construction). {@code estimated} while the period has no invoice;
 * an issued period's report is stored with {@code issuedAt} and never changes.
 */
public record ChargebackReport(UUID subscriptionId, String tenantId, BillingPeriod period, Money total,
        boolean estimated, String ruleVersion, String tagKey, List<CostCentreRow> rows, @Nullable Instant issuedAt) {

    public ChargebackReport {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(ruleVersion, "ruleVersion");
        Objects.requireNonNull(tagKey, "tagKey");
        rows = List.copyOf(rows);
        Money sum = Money.zero(total.currency());
        for (CostCentreRow row : rows) {
            sum = sum.plus(row.total());
        }
        if (!sum.equals(total)) {
            throw new IllegalArgumentException("cost centre totals add up to " + sum + ", not to " + total);
        }
    }

    public ChargebackReport issued(Instant at) {
        return new ChargebackReport(subscriptionId, tenantId, period, total, false, ruleVersion, tagKey, rows, at);
    }

    /** One cost centre: what it is charged directly (by tag) and what it receives of each shared cost. */
    public record CostCentreRow(String costCentre, Money direct, String directRule, List<SharedPart> shared,
            Money sharedReceived, Money total) {
        public CostCentreRow {
            shared = List.copyOf(shared);
            Money sum = Money.zero(direct.currency());
            for (SharedPart p : shared) {
                sum = sum.plus(p.amount());
            }
            if (!sum.equals(sharedReceived) || !direct.plus(sharedReceived).equals(total)) {
                throw new IllegalArgumentException("row " + costCentre + " does not add up");
            }
        }
    }

    /** The part of one shared-cost rule's pool a cost centre receives; {@code rule} describes the rule. */
    public record SharedPart(String ruleName, String rule, Money amount) {
    }
}

package io.meterwise.core.chargeback;

import java.util.Optional;
import java.util.UUID;

import io.meterwise.core.time.BillingPeriod;

/** Port: the chargeback reports of issued periods, stored once with the rules that made them and never changed. */
public interface ChargebackReportStore {

    record Stored(ChargebackReport report, RuleVersion rules) {
    }

    Optional<Stored> find(UUID subscriptionId, BillingPeriod period);

    /** Stores the report unless one is stored for its subscription and period; returns the one stored now. */
    Stored insertIfAbsent(ChargebackReport report, RuleVersion rules);
}

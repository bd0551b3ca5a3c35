package io.meterwise.core.chargeback;

import java.util.Optional;
import java.util.UUID;

import io.meterwise.core.time.BillingPeriod;

/** Port: the charges of a subscription's billing period, exact per usage record. */
public interface PeriodCosts {

    /** Empty when the subscription does not exist. */
    Optional<PeriodCost> of(UUID subscriptionId, BillingPeriod period);
}

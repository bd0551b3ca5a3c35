package io.meterwise.core.chargeback;

import java.util.List;
import java.util.UUID;

/** Port: the rule versions of each subscription. */
public interface ChargebackRuleStore {

    /** Every version of a subscription, oldest {@code effectiveFrom} first. */
    List<RuleVersion> versions(UUID subscriptionId);

    /** Stores the version under its name, replacing one of that name. Overlaps are checked by the caller. */
    void put(RuleVersion version);

    boolean delete(UUID subscriptionId, String name);
}

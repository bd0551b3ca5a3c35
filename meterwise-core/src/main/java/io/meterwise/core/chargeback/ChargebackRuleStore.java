package io.meterwise.core.chargeback;

import java.util.List;
import java.util.Optional;

/** Port: the rule versions of each tenant. */
public interface ChargebackRuleStore {

    /** Every version of a tenant, oldest {@code effectiveFrom} first. */
    List<RuleVersion> versions(String tenantId);

    /** Stores the version under its name, replacing one of that name. Overlaps are checked by the caller. */
    void put(RuleVersion version);

    boolean delete(String tenantId, String name);
}

package io.meterwise.core.chargeback;

import java.util.UUID;

/** Port: whether any usage record of a subscription carries a tag key (compared case-insensitively, as Azure does). */
public interface TagKeys {

    boolean anyRecordHas(UUID subscriptionId, String tagKey);
}

package io.meterwise.core.chargeback;

/** Port: whether any usage record of a tenant carries a tag key (compared case-insensitively, as Azure does). */
public interface TagKeys {

    boolean anyRecordHas(String tenantId, String tagKey);
}

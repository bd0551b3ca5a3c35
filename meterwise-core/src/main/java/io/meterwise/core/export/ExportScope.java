package io.meterwise.core.export;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Where an export lives and what it covers: a subscription, or one of its resource groups. Resource group names
 * compare case-insensitively, as in ARM; the id keeps the case the caller gave.
 */
public record ExportScope(UUID subscriptionId, @Nullable String resourceGroup) {

    /** The ARM scope id, {@code /subscriptions/{id}[/resourceGroups/{name}]}. */
    public String id() {
        return "/subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
    }

    /** Whether a row of the subscription with this resource group name (null when none) is in scope. */
    public boolean covers(@Nullable String rowResourceGroup) {
        return resourceGroup == null || (rowResourceGroup != null && rowResourceGroup.equalsIgnoreCase(resourceGroup));
    }
}

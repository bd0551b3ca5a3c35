package io.meterwise.core.budget;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A subscription, or one resource group of it (names compare case-insensitively, as in ARM). */
public record BudgetScope(UUID subscriptionId, @Nullable String resourceGroup) {

    public BudgetScope {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if (resourceGroup != null && resourceGroup.isBlank()) {
            throw new IllegalArgumentException("resource group name is blank");
        }
    }

    public static BudgetScope subscription(UUID subscriptionId) {
        return new BudgetScope(subscriptionId, null);
    }

    /** {@code /subscriptions/{id}} or {@code /subscriptions/{id}/resourceGroups/{name}}. */
    public String armId() {
        String id = "/subscriptions/" + subscriptionId;
        return resourceGroup == null ? id : id + "/resourceGroups/" + resourceGroup;
    }

    /** The key a store compares scopes by: the resource group lower-cased, empty for the subscription. */
    public String resourceGroupKey() {
        return resourceGroup == null ? "" : resourceGroup.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code other} is this scope or a resource group inside this subscription scope. */
    public boolean covers(BudgetScope other) {
        return subscriptionId.equals(other.subscriptionId)
                && (resourceGroup == null || resourceGroupKey().equals(other.resourceGroupKey()));
    }
}

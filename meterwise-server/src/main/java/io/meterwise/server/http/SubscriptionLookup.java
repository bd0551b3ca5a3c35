package io.meterwise.server.http;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.limits.Texts;
import io.meterwise.server.http.error.ArmException;

/** Resolves the {@code {subscriptionId}} path segment: 400 when malformed, 404 {@code SubscriptionNotFound}. */
public final class SubscriptionLookup {

    /** ARM's resource group names: letters, digits, {@code -._()}, at most 90 characters. */
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{1,90}");

    private SubscriptionLookup() {
    }

    public static Subscription require(Catalog catalog, String subscriptionId) {
        UUID id;
        try {
            if (subscriptionId.length() != 36) {
                throw new IllegalArgumentException();
            }
            id = UUID.fromString(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidSubscriptionId",
                    "The subscription id '" + subscriptionId + "' is not a GUID.", "subscriptionId");
        }
        return catalog.subscription(id).orElseThrow(() -> new ArmException(HttpStatus.NOT_FOUND,
                "SubscriptionNotFound", "The subscription '" + id + "' could not be found.", "subscriptionId"));
    }

    public static UUID existing(Catalog catalog, String subscriptionId) {
        return require(catalog, subscriptionId).subscriptionId();
    }

    /**
     * The subscription id of a path segment for the Subscriptions and Authorization APIs, which answer a malformed id
     * as they answer an unknown one: 404 {@code SubscriptionNotFound}.
     */
    public static UUID idOrNotFound(String text) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw notFound(text);
    }

    public static ArmException notFound(String subscriptionId) {
        return new ArmException(HttpStatus.NOT_FOUND, "SubscriptionNotFound",
                "The subscription '" + subscriptionId + "' could not be found.");
    }

    /** The {@code {resourceGroupName}} path segment as given (null when the route has none): 400 when malformed. */
    public static @Nullable String requireResourceGroup(@Nullable String resourceGroup) {
        if (resourceGroup != null && !RESOURCE_GROUP.matcher(resourceGroup).matches()) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidResourceGroup",
                    "'" + Texts.shorten(resourceGroup) + "' is not a resource group name.", "resourceGroupName");
        }
        return resourceGroup;
    }
}

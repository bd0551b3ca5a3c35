package io.meterwise.server.http;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.server.http.error.ArmException;

/** Resolves the {@code {subscriptionId}} path segment: 400 when malformed, 404 {@code SubscriptionNotFound}. */
public final class SubscriptionLookup {

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
}

package io.meterwise.core.access;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One operation on one scope: {@code name} is the ARM action (for example
 * {@code Microsoft.Commerce/UsageAggregates/read}), {@code scope} is {@code /} or {@code /subscriptions/{id}}, and
 * {@code subscriptionId} is set when the scope is a well-formed subscription.
 */
public record Action(String name, Permission permission, String scope, @Nullable UUID subscriptionId) {

    public static final String ROOT = "/";

    public Action {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(scope, "scope");
    }

    public static Action atRoot(String name, Permission permission) {
        return new Action(name, permission, ROOT, null);
    }

    /**
     * An action on the subscription named in a path. A segment that is not a GUID keeps its scope text but has no
     * subscription id, so no role can match it and a caller without operator role is refused as for any other
     * subscription.
     */
    public static Action onSubscription(String name, Permission permission, String subscriptionSegment) {
        UUID id = parseGuid(subscriptionSegment);
        String scope = "/subscriptions/" + (id == null ? subscriptionSegment : id.toString());
        return new Action(name, permission, scope, id);
    }

    public Optional<UUID> subscription() {
        return Optional.ofNullable(subscriptionId);
    }

    static @Nullable UUID parseGuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

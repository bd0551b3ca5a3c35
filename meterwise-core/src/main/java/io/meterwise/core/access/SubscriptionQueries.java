package io.meterwise.core.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The few subscription facts access control and the Subscriptions API need. */
public interface SubscriptionQueries {

    /** A subscription as the Subscriptions API lists it; {@code state} is the wire name. */
    record SubscriptionSummary(UUID subscriptionId, String displayName, String state, String tenantId) {
    }

    default boolean exists(UUID subscriptionId) {
        return find(subscriptionId).isPresent();
    }

    Optional<SubscriptionSummary> find(UUID subscriptionId);

    /** The operator sees every subscription; anyone else those they hold a role on. */
    List<SubscriptionSummary> visibleTo(Principal principal);
}

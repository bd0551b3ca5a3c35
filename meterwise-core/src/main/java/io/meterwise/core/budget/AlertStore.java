package io.meterwise.core.budget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: fired alerts, durable. */
public interface AlertStore {

    /**
     * Stores the alert unless one with its id is stored; true when this call stored it. Concurrent calls with one id
     * store it once and return true once.
     */
    boolean insertIfAbsent(FiredAlert alert);

    /** Records that the alert's notice is in the notification outbox. */
    void markEnqueued(UUID id, Instant at);

    /** Alerts whose notice was never recorded as enqueued, oldest first. */
    List<FiredAlert> notEnqueued();

    Optional<FiredAlert> find(UUID id);

    /** Alerts of rules at {@code scope} or, for a subscription, at any of its resource groups; newest first. */
    List<FiredAlert> list(BudgetScope scope);

    /** Sets the status; false when no such alert. */
    boolean setStatus(UUID id, AlertStatus status, Instant at, String by);
}

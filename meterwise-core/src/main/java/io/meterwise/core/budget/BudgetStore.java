package io.meterwise.core.budget;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: the stored budgets and usage alert rules. Names compare case-insensitively within a scope and measure. */
public interface BudgetStore {

    Optional<Budget> find(BudgetScope scope, Measure measure, String name);

    /** The rules defined exactly at {@code scope}, by name. */
    List<Budget> list(BudgetScope scope, Measure measure);

    /** Every rule of the subscription, at subscription and resource-group scope. */
    List<Budget> ofSubscription(UUID subscriptionId);

    /** The subscriptions that have at least one rule. */
    List<UUID> subscriptionsWithRules();

    /** Stores a new rule; false (and nothing stored) when one of that name exists. */
    boolean insert(Budget budget);

    /** Replaces the stored rule if its eTag is still {@code expectedETag}; false (nothing stored) otherwise. */
    boolean replace(Budget budget, String expectedETag);

    boolean delete(BudgetScope scope, Measure measure, String name);
}

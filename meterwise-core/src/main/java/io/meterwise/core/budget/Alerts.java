package io.meterwise.core.budget;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reading fired alerts at a scope, and dismissing (or re-activating) them. */
public final class Alerts {

    private final AlertStore store;
    private final Clock clock;

    public Alerts(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Alerts of rules at the scope (a subscription's include its resource groups'), newest first. */
    public List<FiredAlert> list(BudgetScope scope) {
        return store.list(scope);
    }

    /** The alert if it belongs to a rule within {@code scope}. */
    public Optional<FiredAlert> get(BudgetScope scope, UUID id) {
        return store.find(id).filter(a -> scope.covers(a.rule().scope()));
    }

    /** Sets the alert's status, by {@code principal}; empty when the scope holds no such alert. */
    public Optional<FiredAlert> setStatus(BudgetScope scope, UUID id, AlertStatus status, String principal) {
        Optional<FiredAlert> alert = get(scope, id);
        if (alert.isEmpty()) {
            return alert;
        }
        var at = clock.instant();
        store.setStatus(id, status, at, principal);
        return store.find(id);
    }
}

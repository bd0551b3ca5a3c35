package io.meterwise.core.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link BudgetStore} and {@link AlertStore} in memory, with the stores' contracts (insert-if-absent, CAS). */
final class InMemoryBudgetStores implements BudgetStore, AlertStore {

    private final Map<String, Budget> rules = new LinkedHashMap<>();
    private final Map<UUID, FiredAlert> alerts = new LinkedHashMap<>();
    int inserts;

    private static String key(BudgetScope scope, Measure measure, String name) {
        return scope.subscriptionId() + "|" + scope.resourceGroupKey() + "|" + measure + "|"
                + name.toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized Optional<Budget> find(BudgetScope scope, Measure measure, String name) {
        return Optional.ofNullable(rules.get(key(scope, measure, name)));
    }

    @Override
    public synchronized List<Budget> list(BudgetScope scope, Measure measure) {
        return rules.values().stream().filter(b -> b.measure() == measure
                && b.scope().subscriptionId().equals(scope.subscriptionId())
                && b.scope().resourceGroupKey().equals(scope.resourceGroupKey())).toList();
    }

    @Override
    public synchronized List<Budget> ofSubscription(UUID subscriptionId) {
        return rules.values().stream().filter(b -> b.scope().subscriptionId().equals(subscriptionId)).toList();
    }

    @Override
    public synchronized List<UUID> subscriptionsWithRules() {
        return rules.values().stream().map(b -> b.scope().subscriptionId()).distinct().toList();
    }

    @Override
    public synchronized boolean insert(Budget budget) {
        return rules.putIfAbsent(key(budget.scope(), budget.measure(), budget.name()), budget) == null;
    }

    @Override
    public synchronized boolean replace(Budget budget, String expectedETag) {
        String k = key(budget.scope(), budget.measure(), budget.name());
        Budget current = rules.get(k);
        if (current == null || !current.eTag().equals(expectedETag)) {
            return false;
        }
        rules.put(k, budget);
        return true;
    }

    @Override
    public synchronized boolean delete(BudgetScope scope, Measure measure, String name) {
        return rules.remove(key(scope, measure, name)) != null;
    }

    @Override
    public synchronized boolean insertIfAbsent(FiredAlert alert) {
        if (alerts.putIfAbsent(alert.id(), alert) == null) {
            inserts++;
            return true;
        }
        return false;
    }

    @Override
    public synchronized void markEnqueued(UUID id, Instant at) {
        FiredAlert a = alerts.get(id);
        alerts.put(id, new FiredAlert(a.id(), a.rule(), a.notificationName(), a.notification(), a.period(),
                a.observed(), a.unit(), a.firedAt(), a.status(), a.statusModifiedAt(), a.statusModifiedBy(), at));
    }

    @Override
    public synchronized List<FiredAlert> notEnqueued() {
        return alerts.values().stream().filter(a -> a.enqueuedAt() == null)
                .sorted(Comparator.comparing(FiredAlert::firedAt)).toList();
    }

    @Override
    public synchronized Optional<FiredAlert> find(UUID id) {
        return Optional.ofNullable(alerts.get(id));
    }

    @Override
    public synchronized List<FiredAlert> list(BudgetScope scope) {
        List<FiredAlert> out = new ArrayList<>();
        alerts.values().stream().filter(a -> scope.covers(a.rule().scope())).forEach(out::add);
        return out;
    }

    @Override
    public synchronized boolean setStatus(UUID id, AlertStatus status, Instant at, String by) {
        FiredAlert a = alerts.get(id);
        if (a == null) {
            return false;
        }
        alerts.put(id, a.withStatus(status, at, by));
        return true;
    }
}

package io.meterwise.core.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.notify.NotificationOutbox;

/**
 * Measures rules and fires the thresholds they cross (ADR 0041).
 * <ol>
 * <li>A rule is measured in the period holding today (UTC); a rule before its start or after its end is not.</li>
 * <li>An enabled notification fires when its operator holds between the measured value (the actual, or for a
 * {@code Forecasted} threshold the forecast of the whole period) and {@code threshold}% of the rule's amount.</li>
 * <li>Firing stores a {@link FiredAlert} whose id is {@link FiredAlert#idOf the threshold's identity in the period}.
 * The store keeps the first alert of an id, so a threshold fires at most once per period, whatever the order of
 * batches, concurrent evaluations or restarts; spend falling back below a threshold does not re-arm it.</li>
 * <li>Only after the alert is stored is its notice put into the outbox, and then recorded as enqueued. A crash in
 * between leaves it unrecorded; {@link #enqueuePending()} (run at start) enqueues it again, which the outbox ignores
 * if it already holds the notice. Without an outbox (no delivery configured) alerts are stored and wait.</li>
 * </ol>
 */
public final class AlertEvaluation {

    private final BudgetStore budgets;
    private final AlertStore alerts;
    private final SpendMeter meter;
    private final @Nullable NotificationOutbox outbox;
    private final Clock clock;

    public AlertEvaluation(BudgetStore budgets, AlertStore alerts, SpendMeter meter,
            @Nullable NotificationOutbox outbox, Clock clock) {
        this.budgets = budgets;
        this.alerts = alerts;
        this.meter = meter;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What one evaluation did: alerts it fired, and rules it could not measure (with why). */
    public record Report(List<FiredAlert> fired, Map<String, String> failures) {
        public Report {
            fired = List.copyOf(fired);
            failures = Map.copyOf(failures);
        }
    }

    /** Evaluates every rule of every subscription that has one. */
    public Report evaluateAll() {
        List<FiredAlert> fired = new ArrayList<>();
        Map<String, String> failures = new java.util.TreeMap<>();
        for (UUID subscription : budgets.subscriptionsWithRules()) {
            Report r = evaluate(subscription);
            fired.addAll(r.fired());
            failures.putAll(r.failures());
        }
        return new Report(fired, failures);
    }

    /** Evaluates the rules of one subscription (after a batch of its usage was committed). */
    public synchronized Report evaluate(UUID subscriptionId) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<FiredAlert> fired = new ArrayList<>();
        Map<String, String> failures = new java.util.TreeMap<>();
        for (Budget rule : budgets.ofSubscription(subscriptionId)) {
            Optional<BudgetPeriod> period = rule.periodOn(today);
            if (period.isEmpty() || rule.notifications().values().stream().noneMatch(Notification::enabled)) {
                continue;
            }
            try {
                boolean forecast = rule.notifications().values().stream().anyMatch(n -> n.enabled()
                        && n.thresholdType() == Notification.ThresholdType.FORECASTED);
                Spend spend = meter.measure(rule, period.get(), today, forecast);
                fired.addAll(fire(rule, spend, now));
            } catch (RuntimeException e) {
                failures.put(rule.scope().armId() + "/" + rule.measure().wireName() + "/" + rule.name(),
                        String.valueOf(e.getMessage()));
            }
        }
        return new Report(fired, failures);
    }

    private List<FiredAlert> fire(Budget rule, Spend spend, Instant now) {
        List<FiredAlert> fired = new ArrayList<>();
        for (Map.Entry<String, Notification> e : rule.notifications().entrySet()) {
            Notification n = e.getValue();
            BigDecimal observed = n.thresholdType() == Notification.ThresholdType.ACTUAL ? spend.actual()
                    : spend.forecast();
            if (!n.enabled() || observed == null || !n.operator().holds(observed, n.target(rule.amount()))) {
                continue;
            }
            UUID id = FiredAlert.idOf(rule, e.getKey(), n, spend.period());
            if (alerts.find(id).isPresent()) {
                continue;
            }
            FiredAlert alert = new FiredAlert(id, rule, e.getKey(), n, spend.period(), observed, spend.unit(), now,
                    AlertStatus.ACTIVE, null, null, null);
            if (alerts.insertIfAbsent(alert)) {
                fired.add(alert);
                enqueue(alert);
            }
        }
        return fired;
    }

    /** Puts every stored alert not yet recorded as enqueued into the outbox; returns how many were. */
    public synchronized int enqueuePending() {
        int count = 0;
        for (FiredAlert alert : alerts.notEnqueued()) {
            if (enqueue(alert)) {
                count++;
            }
        }
        return count;
    }

    private boolean enqueue(FiredAlert alert) {
        if (outbox == null) {
            return false;
        }
        outbox.enqueue(alert.notice());
        alerts.markEnqueued(alert.id(), clock.instant());
        return true;
    }
}

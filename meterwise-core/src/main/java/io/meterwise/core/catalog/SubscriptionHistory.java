package io.meterwise.core.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.meterwise.core.time.BillingPeriod;

/**
 * The effective-dated plans of one subscription, oldest first (ADR 0020). A plan is in force from its
 * {@code effectiveFrom} until the next one's; the first plan also applies to anything before it (usage backfilled from
 * before the subscription was created). A plan change takes effect at the start of a billing period, so a whole period
 * is always priced under one plan: one offer, one price list, one currency.
 */
public record SubscriptionHistory(UUID subscriptionId, Instant createdAt, List<SubscriptionPlan> plans,
        List<StateChange> states) {

    /** The part of a billing period a subscription is billed for: {@code [from, until)}. */
    public record Span(Instant from, Instant until) {
        public Span {
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("empty span " + from + " - " + until);
            }
        }
    }

    /** A history without recorded state changes: billed from its creation on. */
    public SubscriptionHistory(UUID subscriptionId, Instant createdAt, List<SubscriptionPlan> plans) {
        this(subscriptionId, createdAt, plans, List.of());
    }

    public SubscriptionHistory {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(createdAt, "createdAt");
        List<StateChange> byTime = new ArrayList<>(states);
        byTime.sort(Comparator.comparing(StateChange::at));
        states = List.copyOf(byTime);
        List<SubscriptionPlan> sorted = new ArrayList<>(plans);
        sorted.sort(Comparator.comparing(SubscriptionPlan::effectiveFrom));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("subscription " + subscriptionId + " has no plan");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).effectiveFrom().equals(sorted.get(i - 1).effectiveFrom())) {
                throw new IllegalArgumentException("two plans of subscription " + subscriptionId + " take effect at "
                        + sorted.get(i).effectiveFrom());
            }
        }
        plans = List.copyOf(sorted);
    }

    /** A subscription with one plan since the start of the period it was created in, in its state since then. */
    public static SubscriptionHistory single(Subscription subscription, Instant createdAt) {
        return new SubscriptionHistory(subscription.subscriptionId(), createdAt,
                List.of(SubscriptionPlan.of(subscription, BillingPeriod.containing(createdAt).start())),
                List.of(new StateChange(createdAt, subscription.state())));
    }

    /** This history with the subscription in {@code state} from {@code at} on; unchanged when it already is. */
    public SubscriptionHistory withState(SubscriptionState state, Instant at) {
        if (stateAt(at) == state) {
            return this;
        }
        List<StateChange> changes = new ArrayList<>(states);
        changes.removeIf(c -> !c.at().isBefore(at));
        changes.add(new StateChange(at, state));
        return new SubscriptionHistory(subscriptionId, createdAt, plans, changes);
    }

    /** The state at {@code instant}: the latest change not after it; Enabled before any recorded change. */
    public SubscriptionState stateAt(Instant instant) {
        SubscriptionState state = SubscriptionState.ENABLED;
        for (StateChange change : states) {
            if (change.at().isAfter(instant)) {
                break;
            }
            state = change.state();
        }
        return state;
    }

    /**
     * The part of {@code period} the subscription is billed for (ADR 0020): from its creation to the end of its last
     * billed state in the period. Time in a billed state (Enabled, Warned, PastDue) counts; a subscription disabled or
     * deleted is billed until then, and again from a later re-enabling. A gap between two billed spans of one period
     * counts too (one span per period). Periods before the creation month (usage backfilled from before Meterwise knew
     * the subscription) are billed whole. Empty when the subscription was not billed at any time of the period.
     * Subscriptions created before state changes were recorded (no change at their creation) count from the start of
     * time, as they were billed then.
     */
    public Optional<Span> billedSpan(BillingPeriod period) {
        boolean knownFromCreation = false;
        SubscriptionState initial = SubscriptionState.ENABLED;
        List<StateChange> later = new ArrayList<>();
        for (StateChange c : states) {
            if (c.at().isAfter(createdAt)) {
                later.add(c);
            } else {
                knownFromCreation = true;
                initial = c.state();
            }
        }
        Span whole = new Span(period.start(), period.end());
        if (period.compareTo(BillingPeriod.containing(createdAt)) < 0) {
            return initial.billed() ? Optional.of(whole) : Optional.empty();
        }
        List<Span> spans = new ArrayList<>();
        Instant spanStart = initial.billed() ? (knownFromCreation ? createdAt : Instant.MIN) : null;
        for (StateChange c : later) {
            if (c.state().billed() && spanStart == null) {
                spanStart = c.at();
            } else if (!c.state().billed() && spanStart != null) {
                spans.add(new Span(spanStart, c.at()));
                spanStart = null;
            }
        }
        if (spanStart != null) {
            spans.add(new Span(spanStart, Instant.MAX));
        }
        Instant from = null;
        Instant until = null;
        for (Span span : spans) {
            Instant a = span.from().isAfter(period.start()) ? span.from() : period.start();
            Instant b = span.until().isBefore(period.end()) ? span.until() : period.end();
            if (b.isAfter(a)) {
                from = from == null ? a : from;
                until = b;
            }
        }
        return from == null ? Optional.empty() : Optional.of(new Span(from, until));
    }

    /** Since when the subscription has been disabled or deleted, if it is so in its latest state. */
    public Optional<Instant> endedAt() {
        Instant ended = null;
        for (int i = states.size() - 1; i >= 0 && !states.get(i).state().billed(); i--) {
            ended = states.get(i).at();
        }
        return Optional.ofNullable(ended);
    }

    /** The plan in force at {@code instant}: the latest one not after it, or the first. */
    public SubscriptionPlan planAt(Instant instant) {
        SubscriptionPlan found = plans.get(0);
        for (SubscriptionPlan plan : plans) {
            if (plan.effectiveFrom().isAfter(instant)) {
                break;
            }
            found = plan;
        }
        return found;
    }

    /** The plan a whole billing period is priced under: the one in force at its start. */
    public SubscriptionPlan planFor(BillingPeriod period) {
        return planAt(period.start());
    }

    /**
     * This history with {@code plan} in force from its {@code effectiveFrom}: plans taking effect at or after it are
     * replaced (they were changes scheduled for periods not yet invoiced). Unchanged when the plan in force then
     * already has the same terms and nothing later is scheduled.
     */
    public SubscriptionHistory with(SubscriptionPlan plan) {
        List<SubscriptionPlan> kept = new ArrayList<>();
        for (SubscriptionPlan p : plans) {
            if (p.effectiveFrom().isBefore(plan.effectiveFrom())) {
                kept.add(p);
            }
        }
        if (kept.isEmpty() || !kept.get(kept.size() - 1).sameTermsAs(plan)) {
            kept.add(plan);
        }
        return new SubscriptionHistory(subscriptionId, createdAt, kept, states);
    }

    /** The latest plan: in force now or scheduled. */
    public SubscriptionPlan latest() {
        return plans.get(plans.size() - 1);
    }

    /** Whether the subscription is on {@code key} for any part of {@code period}. */
    public boolean onPriceList(PriceListKey key, BillingPeriod period) {
        return planFor(period).priceListKey().equals(key);
    }
}

package io.meterwise.core.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.time.BillingPeriod;

/**
 * The effective-dated plans of one subscription, oldest first (ADR 0020). A plan is in force from its
 * {@code effectiveFrom} until the next one's; the first plan also applies to anything before it (usage backfilled from
 * before the subscription was created). A plan change takes effect at the start of a billing period, so a whole period
 * is always priced under one plan: one offer, one price list, one currency.
 */
public record SubscriptionHistory(UUID subscriptionId, Instant createdAt, List<SubscriptionPlan> plans) {

    public SubscriptionHistory {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(createdAt, "createdAt");
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

    /** A subscription with one plan since the start of the period it was created in. */
    public static SubscriptionHistory single(Subscription subscription, Instant createdAt) {
        return new SubscriptionHistory(subscription.subscriptionId(), createdAt,
                List.of(SubscriptionPlan.of(subscription, BillingPeriod.containing(createdAt).start())));
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
        return new SubscriptionHistory(subscriptionId, createdAt, kept);
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

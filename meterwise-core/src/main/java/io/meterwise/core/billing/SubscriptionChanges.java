package io.meterwise.core.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionHistory;
import io.meterwise.core.catalog.SubscriptionPlan;
import io.meterwise.core.error.ErrorCode;
import io.meterwise.core.error.UseCaseException;
import io.meterwise.core.time.BillingPeriod;

/**
 * Creates and changes subscriptions (ADR 0020). A change of offer, currency or country of purchase is a new plan that
 * takes effect at the start of a billing period: by default the next one, or an earlier one not yet invoiced. A plan
 * never changes inside a period already invoiced, so re-rating an invoiced period for late usage prices it under the
 * offer, price list, terms and currency that billed it.
 */
public final class SubscriptionChanges {

    /** What a put did: created or not, the subscription as in force now, and its history. */
    public record Outcome(boolean created, Subscription current, SubscriptionHistory history) {
    }

    private final CatalogStore catalog;
    private final Invoices invoices;
    private final Clock clock;

    public SubscriptionChanges(CatalogStore catalog, Invoices invoices, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.invoices = Objects.requireNonNull(invoices, "invoices");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates {@code desired} or updates the subscription to it. Name, state and tenant change now; a different plan
     * takes effect from {@code planEffectiveFrom} (the start of a billing period; null: the next period).
     *
     * @throws UseCaseException {@code INVALID_REQUEST} when {@code planEffectiveFrom} is not the start of a period;
     *     {@code SUBSCRIPTION_CHANGE_IN_INVOICED_PERIOD} when a period from it on is already invoiced
     */
    public Outcome put(Subscription desired, @Nullable Instant planEffectiveFrom) {
        if (planEffectiveFrom != null
                && !BillingPeriod.containing(planEffectiveFrom).start().equals(planEffectiveFrom)) {
            throw new UseCaseException(ErrorCode.INVALID_REQUEST, "effectiveFrom " + planEffectiveFrom + " is not the "
                    + "start of a billing period: a change of offer, currency or regionInfo takes effect on the first "
                    + "day of a month at 00:00:00Z, e.g. " + BillingPeriod.containing(planEffectiveFrom).next().start()
                    + ".", "effectiveFrom");
        }
        var history = catalog.subscriptionHistory(desired.subscriptionId());
        if (history.isPresent()) {
            Instant from = planEffectiveFrom != null ? planEffectiveFrom
                    : BillingPeriod.containing(clock.instant()).next().start();
            SubscriptionHistory changed = history.get().with(SubscriptionPlan.of(desired, from));
            if (!changed.equals(history.get())) {
                refuseInsideInvoicedPeriods(desired, from);
            }
            catalog.putSubscription(desired, from);
        } else {
            catalog.putSubscription(desired, planEffectiveFrom);
        }
        return new Outcome(history.isEmpty(), catalog.subscription(desired.subscriptionId()).orElseThrow(),
                catalog.subscriptionHistory(desired.subscriptionId()).orElseThrow());
    }

    private void refuseInsideInvoicedPeriods(Subscription desired, Instant from) {
        Set<String> named = new TreeSet<>();
        for (Invoice invoice : invoices.ofSubscription(desired.subscriptionId())) {
            for (BillingPeriod period : invoice.billingPeriods()) {
                if (period.end().isAfter(from)) {
                    named.add(invoice.name() + " (" + period.month() + ")");
                }
            }
        }
        if (!named.isEmpty()) {
            BillingPeriod firstFree = BillingPeriod.containing(from);
            for (Invoice invoice : invoices.ofSubscription(desired.subscriptionId())) {
                for (BillingPeriod period : invoice.billingPeriods()) {
                    if (period.compareTo(firstFree) >= 0) {
                        firstFree = period.next();
                    }
                }
            }
            throw new UseCaseException(ErrorCode.SUBSCRIPTION_CHANGE_IN_INVOICED_PERIOD, "The subscription's offer, "
                    + "currency or regionInfo may not change from " + from + ": billing periods from then on are "
                    + "already invoiced (" + String.join(", ", named.stream().limit(10).toList())
                    + (named.size() > 10 ? " and " + (named.size() - 10) + " more" : "") + "), and billed usage is "
                    + "never re-priced. Nothing was changed; send the change with effectiveFrom "
                    + firstFree.start() + " or later.", "effectiveFrom");
        }
    }
}

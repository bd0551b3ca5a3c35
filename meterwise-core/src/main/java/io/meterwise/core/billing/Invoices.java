package io.meterwise.core.billing;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;

import io.meterwise.core.time.BillingPeriod;

/** The store of issued invoices. Invoices are only ever added, never changed or removed. */
public interface Invoices {

    Optional<Invoice> find(UUID subscriptionId, String name);

    Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period);

    /** Every invoice of a subscription, newest period first. */
    List<Invoice> ofSubscription(UUID subscriptionId);

    /**
     * Issues the invoice of {@code period} once: in one transaction, when the subscription has no invoice for that
     * period yet, takes the tenant's next invoice number, builds the invoice with it and stores it. When an invoice
     * exists already it is returned unchanged and {@code build} is not called.
     */
    Issued issue(String tenantId, UUID subscriptionId, BillingPeriod period, LongFunction<Invoice> build);

    record Issued(Invoice invoice, boolean created) {
    }
}

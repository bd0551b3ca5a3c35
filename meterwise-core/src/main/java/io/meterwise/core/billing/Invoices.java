package io.meterwise.core.billing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;

import io.meterwise.core.time.BillingPeriod;

/** The store of issued invoices. Invoices are only ever added, never changed or removed. */
public interface Invoices {

    Optional<Invoice> find(UUID subscriptionId, String name);

    /**
     * The invoice of a period: the first issued for it. A period may also have invoices of adjustments only, in the
     * currency of earlier periods they adjust ({@link Request#adjustmentInvoices()}).
     */
    Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period);

    /** Every invoice of a subscription, newest period first. */
    List<Invoice> ofSubscription(UUID subscriptionId);

    /**
     * Issues the invoice of {@code period} once: in one transaction, when the subscription has no invoice for that
     * period yet, takes the tenant's next invoice number, builds the invoice with it and stores it. When an invoice
     * exists already it is returned unchanged and {@code build} is not called.
     */
    default Issued issue(String tenantId, UUID subscriptionId, BillingPeriod period, LongFunction<Invoice> build) {
        return issueAll(List.of(new Request(tenantId, subscriptionId, period, build))).get(0);
    }

    /**
     * Issues several invoices in one transaction, each as {@link #issue} does; numbers are taken in list order. A
     * request whose {@code build} throws is answered with {@link Issued#failure()} and takes no number.
     */
    List<Issued> issueAll(List<Request> requests);

    /** The subscriptions that have an invoice for {@code period}. */
    Set<UUID> invoicedFor(BillingPeriod period);

    /**
     * The invoice of a period, and the invoices of adjustments in other currencies issued with it (ADR 0020): all or
     * none are stored, numbered in order, the period's own invoice first.
     */
    record Request(String tenantId, UUID subscriptionId, BillingPeriod period, LongFunction<Invoice> build,
            List<LongFunction<Invoice>> adjustmentInvoices) {
        public Request {
            adjustmentInvoices = List.copyOf(adjustmentInvoices);
        }

        public Request(String tenantId, UUID subscriptionId, BillingPeriod period, LongFunction<Invoice> build) {
            this(tenantId, subscriptionId, period, build, List.of());
        }
    }

    /**
     * The invoice of a request, {@code created} when this call issued it (with the adjustment invoices issued with
     * it); or why it could not be built.
     */
    record Issued(Invoice invoice, boolean created, String failure, List<Invoice> adjustmentInvoices) {
        public Issued {
            adjustmentInvoices = List.copyOf(adjustmentInvoices);
        }

        public Issued(Invoice invoice, boolean created, String failure) {
            this(invoice, created, failure, List.of());
        }

        public Issued(Invoice invoice, boolean created) {
            this(invoice, created, null);
        }
    }
}

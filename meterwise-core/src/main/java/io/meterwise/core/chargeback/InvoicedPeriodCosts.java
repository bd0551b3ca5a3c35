package io.meterwise.core.chargeback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.Charge;
import io.meterwise.core.cost.ChargeType;
import io.meterwise.core.cost.PeriodCharges;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.time.BillingPeriod;

/**
 * {@link PeriodCosts} from the per-record charges. An invoiced period is read as its invoice saw it: the usage up to
 * the invoice's ledger position, plus the invoice's prior-period adjustment lines (which have no usage record, so they
 * carry no tags: category {@code Prior-period adjustment}); its total is the invoice's. An open period is read as of
 * now and is estimated.
 */
public final class InvoicedPeriodCosts implements PeriodCosts {

    public static final String ADJUSTMENT_CATEGORY = "Prior-period adjustment";
    static final String TERMS_CATEGORY = "Offer terms";

    private final Catalog catalog;
    private final Invoices invoices;
    private final PeriodCharges charges;

    public InvoicedPeriodCosts(Catalog catalog, Invoices invoices, PeriodCharges charges) {
        this.catalog = catalog;
        this.invoices = invoices;
        this.charges = charges;
    }

    @Override
    public Optional<PeriodCost> of(UUID subscriptionId, BillingPeriod period) {
        Optional<Subscription> subscription = catalog.subscription(subscriptionId);
        if (subscription.isEmpty()) {
            return Optional.empty();
        }
        Optional<Invoice> invoice = invoices.forPeriod(subscriptionId, period);
        long upTo = invoice.map(Invoice::ingestSeqHigh).orElseGet(charges::position);
        List<CostLine> lines = new ArrayList<>();
        RatedPeriod rated = charges.charges(subscription.get(), period, upTo, c -> lines.add(line(c)));
        if (invoice.isEmpty()) {
            return Optional.of(new PeriodCost(subscriptionId, period, rated.total(), true, lines));
        }
        Money own = Money.zero(invoice.get().currency());
        for (InvoiceLine l : invoice.get().lines()) {
            if (l.isAdjustment()) {
                lines.add(new CostLine("adjustment-" + l.adjustedPeriod().month() + "-" + l.lineNumber(), "Adjustment",
                        "", ADJUSTMENT_CATEGORY, Map.of(), l.amount().amount()));
            } else {
                own = own.plus(l.amount());
            }
        }
        if (!own.equals(rated.total())) {
            throw new IllegalStateException("invoice " + invoice.get().name() + " charged " + own + " for "
                    + period.month() + " but its usage rates to " + rated.total() + " now");
        }
        return Optional.of(new PeriodCost(subscriptionId, period, invoice.get().total(), false, lines));
    }

    static CostLine line(Charge c) {
        String category = c.meter() != null ? c.meter().category()
                : c.chargeType() == ChargeType.USAGE ? "Other" : TERMS_CATEGORY;
        String id = c.recordId() != null ? c.recordId() : c.chargeType().wireName();
        return new CostLine(id, c.chargeType().wireName(), c.resourceUri(), category, c.tags(), c.cost());
    }
}

package io.meterwise.core.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.TermApplication;
import io.meterwise.core.rating.TierCharge;
import io.meterwise.core.rating.TimeInForce;
import io.meterwise.core.time.BillingPeriod;

/**
 * Turns rated periods into invoice lines: the period's own charges, then prior-period adjustments for closed periods
 * that received late usage. An adjustment is {@code re-rated - everything invoiced for that period so far} per meter
 * and per offer term, so late usage is charged exactly once however many times a period is adjusted.
 */
public final class InvoiceIssuer {

    static final String TERMS_CATEGORY = "Offer terms";

    private InvoiceIssuer() {
    }

    /** Who and when: everything about an invoice that does not come from rating. */
    public record Header(String tenantId, UUID subscriptionId, String subscriptionName, String offerDurableId,
            Instant issuedAt, long ingestSeqHigh) {
        public Header {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(subscriptionName, "subscriptionName");
            Objects.requireNonNull(offerDurableId, "offerDurableId");
            Objects.requireNonNull(issuedAt, "issuedAt");
        }
    }

    /** A closed period re-rated with all usage known now, and every line already invoiced for it. */
    public record PriorPeriod(RatedPeriod reRated, List<InvoiceLine> invoicedSoFar) {
        public PriorPeriod {
            Objects.requireNonNull(reRated, "reRated");
            invoicedSoFar = List.copyOf(invoicedSoFar);
        }
    }

    public static Invoice assemble(Header header, long number, RatedPeriod rated, List<PriorPeriod> priorPeriods,
            Function<UUID, Optional<Meter>> meters) {
        List<InvoiceLine> lines = new ArrayList<>(linesOf(rated, meters));
        List<PriorPeriod> oldestFirst = new ArrayList<>(priorPeriods);
        oldestFirst.sort(Comparator.comparing(p -> p.reRated().period()));
        for (PriorPeriod prior : oldestFirst) {
            if (!prior.reRated().currency().equals(rated.currency())) {
                throw new IllegalArgumentException("prior period " + prior.reRated().period() + " is in "
                        + prior.reRated().currency() + ", the invoice in " + rated.currency());
            }
            lines.addAll(adjustments(prior.reRated(), prior.invoicedSoFar(), meters));
        }
        List<BillingPeriod> reRated = oldestFirst.stream().map(p -> p.reRated().period()).toList();
        List<InvoiceLine> numbered = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            numbered.add(lines.get(i).numbered(i + 1));
        }
        return new Invoice(Invoice.name(header.issuedAt(), number), header.tenantId(), number, header.subscriptionId(),
                header.subscriptionName(), header.offerDurableId(), rated.currency(), rated.period(),
                header.issuedAt(), header.ingestSeqHigh(), reRated, numbered, Invoice.sum(numbered, rated.currency()));
    }

    /** Lines charged for {@code period} so far: its own invoice's lines and every adjustment of it on later ones. */
    public static List<InvoiceLine> invoicedFor(BillingPeriod period, Collection<Invoice> invoices) {
        List<InvoiceLine> result = new ArrayList<>();
        for (Invoice invoice : invoices) {
            for (InvoiceLine line : invoice.lines()) {
                boolean own = invoice.period().equals(period) && !line.isAdjustment();
                if (own || period.equals(line.adjustedPeriod())) {
                    result.add(line);
                }
            }
        }
        return result;
    }

    /** The period's own lines, unnumbered: usage by meter category, meter and tier, then offer terms. */
    public static List<InvoiceLine> linesOf(RatedPeriod rated, Function<UUID, Optional<Meter>> meters) {
        List<MeterCharge> charges = new ArrayList<>(rated.meterCharges());
        charges.sort(Comparator.comparing((MeterCharge c) -> category(meters, c.meterId()))
                .thenComparing(c -> meterName(meters, c.meterId()))
                .thenComparing(MeterCharge::meterId)
                .thenComparing(MeterCharge::priceEffectiveFrom));
        List<InvoiceLine> lines = new ArrayList<>();
        for (MeterCharge c : charges) {
            String name = meterName(meters, c.meterId());
            String category = category(meters, c.meterId());
            String unit = unit(meters, c.meterId());
            if (c.tiers().isEmpty()) {
                lines.add(new InvoiceLine(0, LineKind.USAGE, null, c.meterId(), name, category, unit,
                        c.priceEffectiveFrom(), null, c.quantity(), c.includedQuantityUsed(), BigDecimal.ZERO, null,
                        c.amount()));
                continue;
            }
            boolean first = true;
            for (TierCharge t : c.tiers()) {
                BigDecimal included = first ? c.includedQuantityUsed() : BigDecimal.ZERO;
                lines.add(new InvoiceLine(0, LineKind.USAGE, null, c.meterId(), name, category, unit,
                        c.priceEffectiveFrom(), t.threshold(), included.add(t.quantity()), included, t.quantity(),
                        t.unitPrice(), t.amount()));
                first = false;
            }
        }
        for (TermApplication term : rated.terms()) {
            LineKind kind = kindOf(term);
            lines.add(new InvoiceLine(0, kind, null, null, describe(term), TERMS_CATEGORY, "", null, null,
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null, term.amount()));
        }
        return lines;
    }

    /** Adjustment lines for a closed period: per meter and per term, re-rated minus invoiced so far; zeros omitted. */
    public static List<InvoiceLine> adjustments(RatedPeriod reRated, List<InvoiceLine> invoicedSoFar,
            Function<UUID, Optional<Meter>> meters) {
        BillingPeriod period = reRated.period();
        Currency currency = reRated.currency();
        Map<String, Totals> now = new LinkedHashMap<>();
        for (InvoiceLine line : linesOf(reRated, meters)) {
            now.computeIfAbsent(line.component(), k -> Totals.zero(line, currency)).add(line);
        }
        Map<String, Totals> before = new LinkedHashMap<>();
        for (InvoiceLine line : invoicedSoFar) {
            before.computeIfAbsent(line.component(), k -> Totals.zero(line, currency)).add(line);
        }
        Map<String, Totals> all = new LinkedHashMap<>(now);
        before.forEach(all::putIfAbsent);
        List<Totals> components = new ArrayList<>(all.values());
        components.sort(Comparator.comparing((Totals t) -> t.kind.ordinal())
                .thenComparing(t -> category(meters, t.meterId))
                .thenComparing(t -> meterName(meters, t.meterId)));
        List<InvoiceLine> lines = new ArrayList<>();
        for (Totals sample : components) {
            String key = sample.key();
            Totals n = now.getOrDefault(key, Totals.empty(sample, currency));
            Totals b = before.getOrDefault(key, Totals.empty(sample, currency));
            Money amount = n.amount.minus(b.amount);
            BigDecimal quantity = n.quantity.subtract(b.quantity);
            if (amount.isZero() && quantity.signum() == 0) {
                continue;
            }
            String what = sample.kind == LineKind.USAGE ? meterName(meters, sample.meterId) : sample.kind.label();
            String category = sample.kind == LineKind.USAGE ? category(meters, sample.meterId) : TERMS_CATEGORY;
            lines.add(new InvoiceLine(0, sample.kind, period, sample.meterId,
                    "Prior-period adjustment for " + period.month() + ": " + what, category,
                    sample.kind == LineKind.USAGE ? unit(meters, sample.meterId) : "", null, null, quantity,
                    n.included.subtract(b.included), n.billable.subtract(b.billable), null, amount));
        }
        return lines;
    }

    private static final class Totals {
        final LineKind kind;
        final UUID meterId;
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal included = BigDecimal.ZERO;
        BigDecimal billable = BigDecimal.ZERO;
        Money amount;

        private Totals(LineKind kind, UUID meterId, Currency currency) {
            this.kind = kind;
            this.meterId = meterId;
            this.amount = Money.zero(currency);
        }

        static Totals zero(InvoiceLine line, Currency currency) {
            return new Totals(line.kind(), line.meterId(), currency);
        }

        static Totals empty(Totals like, Currency currency) {
            return new Totals(like.kind, like.meterId, currency);
        }

        String key() {
            return kind == LineKind.USAGE ? "meter:" + meterId : "term:" + kind.name();
        }

        void add(InvoiceLine line) {
            quantity = quantity.add(line.quantity());
            included = included.add(line.includedQuantityUsed());
            billable = billable.add(line.billableQuantity());
            amount = amount.plus(line.amount());
        }
    }

    private static LineKind kindOf(TermApplication term) {
        if (term instanceof TermApplication.CommitmentDiscount) {
            return LineKind.COMMITMENT_DISCOUNT;
        }
        if (term instanceof TermApplication.CreditApplied) {
            return LineKind.MONETARY_CREDIT;
        }
        return LineKind.RECURRING_CHARGE;
    }

    private static String describe(TermApplication term) {
        if (term instanceof TermApplication.CommitmentDiscount d) {
            StringBuilder text = new StringBuilder("Monetary commitment discount on ")
                    .append(grouped(d.eligible())).append(" eligible usage");
            String separator = ": ";
            for (TermApplication.Slice slice : d.slices()) {
                text.append(separator).append(slice.percent().stripTrailingZeros().toPlainString()).append("% of ")
                        .append(grouped(Money.of(slice.inSlice(), d.eligible().currency()))).append(" above ")
                        .append(grouped(Money.of(slice.from(), d.eligible().currency())));
                separator = "; ";
            }
            return text.toString();
        }
        if (term instanceof TermApplication.CreditApplied c) {
            return "Monetary credit applied: " + grouped(c.available()) + " available" + daysInForce(c.partial())
                    + " for " + grouped(c.eligible()) + " eligible usage; unused credit lapses";
        }
        return "Recurring charge" + daysInForce(((TermApplication.RecurringFee) term).partial());
    }

    private static String daysInForce(@Nullable TimeInForce partial) {
        return partial == null ? "" : " (prorated: " + partial.days().toPlainString() + " of "
                + partial.periodDays().stripTrailingZeros().toPlainString() + " days)";
    }

    /** An amount with thousands separators and its currency's decimals, as a reader expects: {@code 1,062.88 USD}. */
    static String grouped(Money money) {
        java.text.DecimalFormat format = new java.text.DecimalFormat("#,##0",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.US));
        int digits = money.amount().scale();
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(money.amount()) + " " + money.currency().getCurrencyCode();
    }

    private static String meterName(Function<UUID, Optional<Meter>> meters, UUID meterId) {
        if (meterId == null) {
            return "";
        }
        return meters.apply(meterId).map(InvoiceIssuer::displayName).orElse("Meter " + meterId);
    }

    /**
     * Name, sub-category (the product: Linux and Windows sizes share a name) and region:
     * {@code D4s v5, Virtual Machines Dsv5 Series Windows (francecentral)}.
     */
    static String displayName(Meter meter) {
        StringBuilder name = new StringBuilder(meter.name());
        if (!meter.subCategory().isEmpty() && !meter.subCategory().equals(meter.name())) {
            name.append(", ").append(meter.subCategory());
        }
        if (!meter.region().isEmpty()) {
            name.append(" (").append(meter.region()).append(')');
        }
        return name.toString();
    }

    private static String unit(Function<UUID, Optional<Meter>> meters, UUID meterId) {
        return meters.apply(meterId).map(Meter::unit).orElse("");
    }

    private static String category(Function<UUID, Optional<Meter>> meters, UUID meterId) {
        if (meterId == null) {
            return TERMS_CATEGORY;
        }
        return meters.apply(meterId).map(Meter::category).orElse("Other");
    }
}

package io.meterwise.core.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * An issued invoice: it never changes. {@link #number()} is gapless per tenant; {@link #name()} is
 * {@code yyyy-MM-dd-NNNNNNNNN} (issue date and number) as Azure names invoices. {@link #ingestSeqHigh()} is the
 * highest ledger sequence number whose usage the invoice took into account, for its own period and every closed
 * period in {@link #reRatedPeriods()} (re-rated for adjustments, whether or not anything changed): later records of
 * those periods are late usage.
 * {@code total == sum(lines.amount)}, checked on construction.
 */
public record Invoice(String name, String tenantId, long number, UUID subscriptionId, String subscriptionName,
        String offerDurableId, Currency currency, BillingPeriod period, Instant issuedAt, long ingestSeqHigh,
        List<BillingPeriod> reRatedPeriods, List<InvoiceLine> lines, Money total) {

    public Invoice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(subscriptionName, "subscriptionName");
        Objects.requireNonNull(offerDurableId, "offerDurableId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(issuedAt, "issuedAt");
        reRatedPeriods = List.copyOf(reRatedPeriods);
        lines = List.copyOf(lines);
        Objects.requireNonNull(total, "total");
        if (!sum(lines, currency).equals(total)) {
            throw new IllegalArgumentException("invoice total " + total + " is not the sum of its lines");
        }
    }

    public static String name(LocalDate issuedOn, long number) {
        return issuedOn + "-" + String.format("%09d", number);
    }

    public static String name(Instant issuedAt, long number) {
        return name(issuedAt.atOffset(ZoneOffset.UTC).toLocalDate(), number);
    }

    static Money sum(List<InvoiceLine> lines, Currency currency) {
        Money total = Money.zero(currency);
        for (InvoiceLine line : lines) {
            total = total.plus(line.amount());
        }
        return total;
    }

    /** First day of the invoiced period. */
    public LocalDate periodStartDate() {
        return period.startDate();
    }

    /** Last day of the invoiced period, inclusive (ADR 0010). */
    public LocalDate periodEndDate() {
        return period.endDate().minusDays(1);
    }

    /** The invoiced period and every period it adjusts, newest first. */
    public List<BillingPeriod> billingPeriods() {
        TreeSet<BillingPeriod> periods = new TreeSet<>(Comparator.reverseOrder());
        periods.add(period);
        periods.addAll(reRatedPeriods);
        for (InvoiceLine line : lines) {
            if (line.adjustedPeriod() != null) {
                periods.add(line.adjustedPeriod());
            }
        }
        return new ArrayList<>(periods);
    }

    public Money sumOf(LineKind kind, boolean adjustments) {
        Money sum = Money.zero(currency);
        for (InvoiceLine line : lines) {
            if (line.kind() == kind && line.isAdjustment() == adjustments) {
                sum = sum.plus(line.amount());
            }
        }
        return sum;
    }

    public Money adjustmentsTotal() {
        Money sum = Money.zero(currency);
        for (InvoiceLine line : lines) {
            if (line.isAdjustment()) {
                sum = sum.plus(line.amount());
            }
        }
        return sum;
    }
}

package io.meterwise.core.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * One line of an invoice. A usage line is one tier of one price version of one meter:
 * {@code quantity = includedQuantityUsed + billableQuantity} and {@code amount = round(billableQuantity x unitPrice)}.
 * A line with {@link #adjustedPeriod()} set is a prior-period adjustment: the difference between that closed period
 * re-rated with all usage known at issue and what was invoiced for it before (unit price and tier are then empty).
 * The description (meter name, sub-category and region), category and unit of measure are copied from the catalog at
 * issue, so every document of the invoice shows them as issued ({@code unit} is empty for offer terms).
 */
public record InvoiceLine(int lineNumber, LineKind kind, @Nullable BillingPeriod adjustedPeriod,
        @Nullable UUID meterId, String description, String category, String unit, @Nullable Instant priceEffectiveFrom,
        @Nullable BigDecimal tierThreshold, BigDecimal quantity, BigDecimal includedQuantityUsed,
        BigDecimal billableQuantity, @Nullable BigDecimal unitPrice, Money amount) {

    public InvoiceLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(includedQuantityUsed, "includedQuantityUsed");
        Objects.requireNonNull(billableQuantity, "billableQuantity");
        Objects.requireNonNull(amount, "amount");
        if (kind == LineKind.USAGE && meterId == null) {
            throw new IllegalArgumentException("a usage line names its meter");
        }
    }

    public boolean isAdjustment() {
        return adjustedPeriod != null;
    }

    /** The same line at another position. */
    public InvoiceLine numbered(int number) {
        return new InvoiceLine(number, kind, adjustedPeriod, meterId, description, category, unit, priceEffectiveFrom,
                tierThreshold, quantity, includedQuantityUsed, billableQuantity, unitPrice, amount);
    }

    /** What the line charges for, across invoices: a meter for usage, the term kind otherwise. */
    String component() {
        return kind == LineKind.USAGE ? "meter:" + meterId : "term:" + kind.name();
    }
}

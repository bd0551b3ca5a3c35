package io.meterwise.core.limits;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Upper bounds of every quantity, price and amount, chosen so that every sum the system computes fits the store's
 * {@code DECIMAL(38, 9)} (29 digits before the point) with room to spare (ADR 0015):
 * <ul>
 * <li>a subscription holds at most {@link #MAX_RECORDS_PER_SUBSCRIPTION} usage records over its life, each below
 * {@link #QUANTITY_LIMIT}: every quantity sum of a subscription stays below 1e22;</li>
 * <li>a unit price is below {@link #UNIT_PRICE_LIMIT}: every charge, and the sum of all charges of a subscription
 * over its life, stays below 1e28; an invoice holds its period plus adjustments of earlier periods, each at most the
 * difference of two such sums, so its total stays below 3e28;</li>
 * <li>credits, recurring charges and commitment thresholds are below {@link #AMOUNT_LIMIT} per period, and the
 * supported time range has 2,400 periods: their sums stay below 3e15.</li>
 * </ul>
 * Values outside the bounds are refused where they enter (ingestion, operator API) with the field and the bound.
 */
public final class Limits {

    /** Decimal places of a usage quantity, an included quantity and a tier threshold (the ledger keeps 9). */
    public static final int MAX_QUANTITY_DECIMALS = 9;
    /** Exclusive bound of one usage record's quantity. */
    public static final BigDecimal QUANTITY_LIMIT = BigDecimal.TEN.pow(12);
    /** Exclusive bound of a tier threshold and of an included quantity. */
    public static final BigDecimal THRESHOLD_LIMIT = BigDecimal.TEN.pow(15);
    /** Exclusive bound of a unit price (a rate of a tier). */
    public static final BigDecimal UNIT_PRICE_LIMIT = BigDecimal.TEN.pow(6);
    /** Decimal places of a unit price. */
    public static final int MAX_UNIT_PRICE_DECIMALS = 24;
    /** Exclusive bound of a monetary credit, a recurring charge and a commitment threshold. */
    public static final BigDecimal AMOUNT_LIMIT = BigDecimal.TEN.pow(12);
    /** Percentages of a commitment discount are in [0, 100] with at most this many decimal places. */
    public static final int MAX_PERCENT_DECIMALS = 9;
    /** The documented largest number of usage records of one subscription (not counted at ingestion). */
    public static final long MAX_RECORDS_PER_SUBSCRIPTION = 10_000_000_000L;

    private Limits() {
    }

    /**
     * Why {@code value} is not a number in {@code [0, limit)} with at most {@code maxDecimals} decimal places (trailing
     * zeros do not count), or null when it is. The reason quotes the value in bounded form.
     */
    public static @Nullable String problem(BigDecimal value, BigDecimal limit, int maxDecimals) {
        if (value.signum() < 0) {
            return "must not be negative, was " + Decimals.show(value);
        }
        if (value.compareTo(limit) >= 0) {
            return "must be less than " + Decimals.show(limit) + ", was " + Decimals.show(value);
        }
        if (value.scale() > maxDecimals && value.stripTrailingZeros().scale() > maxDecimals) {
            return "must have at most " + maxDecimals + " decimal places, was " + Decimals.show(value);
        }
        return null;
    }

    /** As {@link #problem} but throwing {@link IllegalArgumentException} naming {@code what}. */
    public static BigDecimal require(String what, BigDecimal value, BigDecimal limit, int maxDecimals) {
        String problem = problem(value, limit, maxDecimals);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return value;
    }
}

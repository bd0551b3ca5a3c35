package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

import io.meterwise.core.time.BillingPeriod;

/**
 * How long something (a price version, an offer term, the subscription itself) is in force within a billing period,
 * in seconds, against the period's length in seconds: the unit of every proration (ADR 0012).
 */
public record TimeInForce(long seconds, long periodSeconds) {

    /** Decimals kept when a quantity (included quantity, tier threshold) is prorated. */
    public static final int QUANTITY_SCALE = 9;

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    public TimeInForce {
        if (periodSeconds <= 0 || seconds < 0 || seconds > periodSeconds) {
            throw new IllegalArgumentException("time in force " + seconds + " s of " + periodSeconds + " s");
        }
    }

    /** The part of {@code [from, until)} inside {@code period}; empty intervals give zero seconds. */
    public static TimeInForce of(BillingPeriod period, Instant from, Instant until) {
        Instant start = from.isAfter(period.start()) ? from : period.start();
        Instant end = until.isBefore(period.end()) ? until : period.end();
        long periodSeconds = Duration.between(period.start(), period.end()).getSeconds();
        long seconds = end.isAfter(start) ? Duration.between(start, end).getSeconds() : 0;
        return new TimeInForce(seconds, periodSeconds);
    }

    public boolean isWholePeriod() {
        return seconds == periodSeconds;
    }

    public boolean isNone() {
        return seconds == 0;
    }

    /** {@code quantity x seconds / periodSeconds}, to {@value #QUANTITY_SCALE} decimals half up; exact when whole. */
    public BigDecimal prorate(BigDecimal quantity) {
        if (isWholePeriod()) {
            return quantity;
        }
        return quantity.multiply(BigDecimal.valueOf(seconds))
                .divide(BigDecimal.valueOf(periodSeconds), QUANTITY_SCALE, RoundingMode.HALF_UP);
    }

    /**
     * {@code amount x seconds / periodSeconds} to 18 decimals: an amount at a minor unit times a ratio of seconds is
     * never within 10^-18 of a half minor unit without being on it, so rounding this once equals rounding the exact
     * value once.
     */
    BigDecimal prorateAmount(BigDecimal amount) {
        if (isWholePeriod()) {
            return amount;
        }
        return amount.multiply(BigDecimal.valueOf(seconds))
                .divide(BigDecimal.valueOf(periodSeconds), 18, RoundingMode.HALF_UP);
    }

    /** Days in force, for display: seconds / 86,400 to 2 decimals. */
    public BigDecimal days() {
        return BigDecimal.valueOf(seconds).divide(SECONDS_PER_DAY, 2, RoundingMode.HALF_UP);
    }

    public BigDecimal periodDays() {
        return BigDecimal.valueOf(periodSeconds).divide(SECONDS_PER_DAY, 2, RoundingMode.HALF_UP);
    }
}

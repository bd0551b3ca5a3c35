package io.meterwise.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A monthly billing period: the UTC calendar month {@code [start, end)}. Usage belongs to the period that holds its
 * usage start time.
 */
public record BillingPeriod(YearMonth month) implements Comparable<BillingPeriod> {

    public BillingPeriod {
        Objects.requireNonNull(month, "month");
    }

    public static BillingPeriod of(int year, int month) {
        return new BillingPeriod(YearMonth.of(year, month));
    }

    public static BillingPeriod containing(Instant instant) {
        return new BillingPeriod(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    public LocalDate startDate() {
        return month.atDay(1);
    }

    /** Exclusive end: the first day of the next month. */
    public LocalDate endDate() {
        return month.plusMonths(1).atDay(1);
    }

    public Instant start() {
        return startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
        return endDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    public BillingPeriod next() {
        return new BillingPeriod(month.plusMonths(1));
    }

    public BillingPeriod previous() {
        return new BillingPeriod(month.minusMonths(1));
    }

    @Override
    public int compareTo(BillingPeriod other) {
        return month.compareTo(other.month);
    }
}

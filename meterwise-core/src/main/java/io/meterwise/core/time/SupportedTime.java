package io.meterwise.core.time;

import java.time.Instant;
import java.time.YearMonth;

import org.jspecify.annotations.Nullable;

/**
 * The range of times Meterwise handles: {@code [2000-01-01T00:00:00Z, 2200-01-01T00:00:00Z)} (ADR 0015). Every time
 * that enters (usage times, price and term effective dates, query windows, billing periods) is checked against it, so
 * no computation ever meets a year like {@code +999999999}.
 */
public final class SupportedTime {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant END = Instant.parse("2200-01-01T00:00:00Z");
    public static final YearMonth FIRST_MONTH = YearMonth.of(2000, 1);
    public static final YearMonth LAST_MONTH = YearMonth.of(2199, 12);

    private SupportedTime() {
    }

    public static boolean contains(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(END);
    }

    /** Why {@code t} is outside the supported range, or null. */
    public static @Nullable String problem(Instant t) {
        return contains(t) ? null : "must be from 2000-01-01T00:00:00Z to before 2200-01-01T00:00:00Z, was " + t;
    }

    public static boolean contains(YearMonth month) {
        return !month.isBefore(FIRST_MONTH) && !month.isAfter(LAST_MONTH);
    }

    public static @Nullable String problem(YearMonth month) {
        return contains(month) ? null : "must be a month from 2000-01 to 2199-12, was " + month;
    }
}

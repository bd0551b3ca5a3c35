package io.meterwise.core.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

/**
 * When an export runs by itself: at {@code from}, then every day, week, calendar month or year at the same UTC time, until
 * {@code to} (inclusive, null = for ever), while {@code active}. A run missed while the server was down is made once,
 * late; never several times.
 */
public record ExportSchedule(boolean active, Recurrence recurrence, Instant from, @Nullable Instant to) {

    /** The spec's recurrences. */
    public enum Recurrence {
        Daily, Weekly, Monthly, Annually
    }

    public ExportSchedule {
        if (to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("the recurrence period ends before it starts");
        }
    }

    /** The k-th occurrence (k = 0 is {@code from}). */
    Instant occurrence(long k) {
        ZonedDateTime start = from.atZone(ZoneOffset.UTC);
        return (switch (recurrence) {
            case Daily -> start.plusDays(k);
            case Weekly -> start.plusWeeks(k);
            case Monthly -> start.plusMonths(k);
            case Annually -> start.plusYears(k);
        }).toInstant();
    }

    /** The latest occurrence at or before {@code now} within the recurrence period, if any. */
    public @Nullable Instant latestDue(Instant now) {
        if (now.isBefore(from)) {
            return null;
        }
        Instant due = occurrence(floorIndex(now));
        return to != null && due.isAfter(to) ? null : due;
    }

    /** The first occurrence strictly after {@code after}, if the schedule is active and the period not over. */
    public @Nullable Instant nextAfter(Instant after) {
        if (!active) {
            return null;
        }
        Instant next = after.isBefore(from) ? from : occurrence(floorIndex(after) + 1);
        return to != null && next.isAfter(to) ? null : next;
    }

    /** The index of the last occurrence at or before {@code now} (now at or after {@code from}). */
    private long floorIndex(Instant now) {
        long seconds = now.getEpochSecond() - from.getEpochSecond();
        ZonedDateTime a = from.atZone(ZoneOffset.UTC);
        ZonedDateTime b = now.atZone(ZoneOffset.UTC);
        long k = switch (recurrence) {
            case Daily -> seconds / 86_400;
            case Weekly -> seconds / (7 * 86_400);
            case Monthly -> Math.max(0, (b.getYear() - a.getYear()) * 12L + b.getMonthValue() - a.getMonthValue());
            case Annually -> Math.max(0, b.getYear() - a.getYear());
        };
        while (k > 0 && occurrence(k).isAfter(now)) {
            k--;
        }
        while (!occurrence(k + 1).isAfter(now)) {
            k++;
        }
        return k;
    }
}

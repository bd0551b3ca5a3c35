package io.meterwise.core.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/** One period of a rule: the UTC days {@code [start, end]}, both inclusive. */
public record BudgetPeriod(LocalDate start, LocalDate end) {

    public BudgetPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("period ends " + end + " before it starts " + start);
        }
    }

    public Instant from() {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Exclusive end instant: the start of the day after {@link #end()}. */
    public Instant until() {
        return end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }
}

package io.meterwise.core.forecast;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.usage.UsageRecord;

/**
 * Daily usage quantities of one subscription per meter (the UTC day of each record's usage start): all a forecast
 * needs, since rating depends only on per-meter sums per price version and versions change at day boundaries in
 * practice. Not thread-safe.
 */
public final class UsageHistory {

    private final Map<UUID, TreeMap<LocalDate, BigDecimal>> byMeter = new HashMap<>();

    public void add(UsageRecord record) {
        add(record.meterId(), record.usageStart().atOffset(ZoneOffset.UTC).toLocalDate(), record.quantity());
    }

    public void add(UUID meterId, LocalDate day, BigDecimal quantity) {
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity " + quantity.toPlainString() + " is negative");
        }
        byMeter.computeIfAbsent(meterId, m -> new TreeMap<>()).merge(day, quantity, BigDecimal::add);
    }

    public Set<UUID> meterIds() {
        return Collections.unmodifiableSet(byMeter.keySet());
    }

    /** The meter's daily quantities in {@code [from, to)}, by day; days without usage are absent. */
    public NavigableMap<LocalDate, BigDecimal> days(UUID meterId, LocalDate from, LocalDate to) {
        TreeMap<LocalDate, BigDecimal> days = byMeter.get(meterId);
        if (days == null || !from.isBefore(to)) {
            return Collections.emptyNavigableMap();
        }
        return Collections.unmodifiableNavigableMap(days.subMap(from, true, to, false));
    }
}

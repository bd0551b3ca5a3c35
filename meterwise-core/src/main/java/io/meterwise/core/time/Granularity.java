package io.meterwise.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** Width of a usage bucket. Buckets are aligned to the UTC hour or the UTC midnight. */
public enum Granularity {
    HOURLY("Hourly", ChronoUnit.HOURS),
    DAILY("Daily", ChronoUnit.DAYS);

    private final String wireName;
    private final ChronoUnit unit;

    Granularity(String wireName, ChronoUnit unit) {
        this.wireName = wireName;
        this.unit = unit;
    }

    /** The spelling used by the Azure APIs: {@code Hourly} or {@code Daily}. */
    public String wireName() {
        return wireName;
    }

    public Duration length() {
        return unit.getDuration();
    }

    /** Start of the bucket holding {@code instant}. */
    public Instant bucketStart(Instant instant) {
        return instant.truncatedTo(unit);
    }

    public Instant bucketEnd(Instant instant) {
        return bucketStart(instant).plus(1, unit);
    }

    public boolean isAligned(Instant instant) {
        return bucketStart(instant).equals(instant);
    }

    /** Case-insensitive lookup of a wire name; empty when unknown. */
    public static Optional<Granularity> fromWireName(String name) {
        for (Granularity g : values()) {
            if (g.wireName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}

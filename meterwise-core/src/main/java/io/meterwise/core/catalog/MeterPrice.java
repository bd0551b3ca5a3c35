package io.meterwise.core.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One price version of a meter in a price list, in force for usage that starts at or after {@link #effectiveFrom()}
 * until the next version. {@link #tiers()} maps a quantity threshold to a unit price (graduated: each unit is priced at
 * the tier its cumulative position in the billing period falls in); the lowest threshold is 0.
 * {@link #includedQuantity()} units per billing period are free and consumed before any tier.
 */
public record MeterPrice(UUID meterId, Instant effectiveFrom, BigDecimal includedQuantity,
        NavigableMap<BigDecimal, BigDecimal> tiers) {

    public MeterPrice {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(includedQuantity, "includedQuantity");
        if (includedQuantity.signum() < 0) {
            throw new IllegalArgumentException("includedQuantity must not be negative");
        }
        TreeMap<BigDecimal, BigDecimal> copy = new TreeMap<>(tiers);
        if (copy.isEmpty() || copy.firstKey().signum() != 0) {
            throw new IllegalArgumentException("tiers must start at threshold 0");
        }
        for (var e : copy.entrySet()) {
            if (e.getKey().signum() < 0 || e.getValue().signum() < 0) {
                throw new IllegalArgumentException("tier thresholds and prices must not be negative");
            }
        }
        tiers = Collections.unmodifiableNavigableMap(copy);
    }

    /** A single-tier price with nothing included. */
    public static MeterPrice flat(UUID meterId, Instant effectiveFrom, BigDecimal unitPrice) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, unitPrice);
        return new MeterPrice(meterId, effectiveFrom, BigDecimal.ZERO, tiers);
    }
}

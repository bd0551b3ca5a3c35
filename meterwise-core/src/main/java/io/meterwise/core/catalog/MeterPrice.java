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

    /**
     * True when both are the same version of the same meter by value: included quantity and tiers compared with
     * {@code compareTo}, so {@code 0.10} equals {@code 0.1}. Adding such a version again changes nothing; adding a
     * version at the same date that is not the same is a conflict.
     */
    public boolean sameContentAs(MeterPrice other) {
        if (!meterId.equals(other.meterId) || !effectiveFrom.equals(other.effectiveFrom)
                || includedQuantity.compareTo(other.includedQuantity) != 0 || tiers.size() != other.tiers.size()) {
            return false;
        }
        var left = tiers.entrySet().iterator();
        var right = other.tiers.entrySet().iterator();
        while (left.hasNext()) {
            var l = left.next();
            var r = right.next();
            if (l.getKey().compareTo(r.getKey()) != 0 || l.getValue().compareTo(r.getValue()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A single-tier price with nothing included. */
    public static MeterPrice flat(UUID meterId, Instant effectiveFrom, BigDecimal unitPrice) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, unitPrice);
        return new MeterPrice(meterId, effectiveFrom, BigDecimal.ZERO, tiers);
    }
}

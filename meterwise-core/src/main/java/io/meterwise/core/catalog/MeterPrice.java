package io.meterwise.core.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.limits.Limits;
import io.meterwise.core.time.SupportedTime;

/**
 * One price version of a meter in a price list, in force for usage that starts at or after {@link #effectiveFrom()}
 * until the next version. {@link #tiers()} maps a quantity threshold to a unit price (graduated: each unit is priced at
 * the tier its cumulative position in the billing period falls in); the lowest threshold is 0.
 * {@link #includedQuantity()} units per billing period are free and consumed before any tier. Every number is within
 * the bounds of {@link Limits} and the effective date in the {@link SupportedTime} range.
 */
public record MeterPrice(UUID meterId, Instant effectiveFrom, BigDecimal includedQuantity,
        NavigableMap<BigDecimal, BigDecimal> tiers) {

    /** Most tiers of one version. */
    public static final int MAX_TIERS = 100;

    public MeterPrice {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(includedQuantity, "includedQuantity");
        String outside = SupportedTime.problem(effectiveFrom);
        if (outside != null) {
            throw new IllegalArgumentException("effectiveFrom " + outside);
        }
        Limits.require("includedQuantity", includedQuantity, Limits.THRESHOLD_LIMIT, Limits.MAX_QUANTITY_DECIMALS);
        TreeMap<BigDecimal, BigDecimal> copy = new TreeMap<>(tiers);
        if (copy.isEmpty() || copy.firstKey().signum() != 0) {
            throw new IllegalArgumentException("tiers must start at threshold 0");
        }
        if (copy.size() > MAX_TIERS) {
            throw new IllegalArgumentException("at most " + MAX_TIERS + " tiers are allowed, found " + copy.size());
        }
        for (var e : copy.entrySet()) {
            Limits.require("tier threshold", e.getKey(), Limits.THRESHOLD_LIMIT, Limits.MAX_QUANTITY_DECIMALS);
            Limits.require("unit price", e.getValue(), Limits.UNIT_PRICE_LIMIT, Limits.MAX_UNIT_PRICE_DECIMALS);
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

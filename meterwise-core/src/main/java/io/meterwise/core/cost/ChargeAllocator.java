package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.TermApplication;

/**
 * Splits the rated usage charges of a billing period over its usage records, without pricing anything itself: the
 * lines come from the {@link io.meterwise.core.rating.Rater}.
 *
 * <h2>Allocation (ADR 0039)</h2>
 * <ol>
 * <li>A record belongs to the {@link MeterCharge} of its meter's price version in force at its usage start. Records
 * of one meter starting at the same instant form a <i>block</i>; within a version, blocks take positions in
 * usage-start order.</li>
 * <li>A record's <b>exact cost</b> is its quantity times its block's exact rate ({@link BlockRates}): the block's
 * share of the pieces (included quantity, then tier lines) it covers, split over its records in proportion to their
 * quantities. Exact costs are rational; the Query sums them exactly and rounds only what it displays.</li>
 * <li>A record's <b>listed cost</b> ({@link Share#cost()}, usage details) is its exact cost at {@value #SCALE}
 * decimals, rounded so that listed costs telescope: within a meter's version, records in allocation order (meter,
 * usage start, arrival), each gets {@code r(E_after) - r(E_before)} where {@code E} is the running exact total and
 * {@code r} rounds half even to {@value #SCALE} decimals. So the listed costs of a version add up exactly to its
 * meter charge, each within 10<sup>-{@value #SCALE}</sup> of its exact cost.</li>
 * <li>Each offer term of the period is one charge of its own ({@link #termType}); terms are never spread over usage.</li>
 * </ol>
 * The records given must be exactly the records rated, in allocation order; anything else is an
 * {@link IllegalStateException}, so a rating rule this allocation does not follow fails loudly rather than
 * mis-allocating. Not thread-safe.
 */
public final class ChargeAllocator {

    /** Decimals of a listed cost. */
    public static final int SCALE = 10;

    /** A record's share: its listed cost, and the price version and list unit price (lowest tier) it was rated under. */
    public record Share(BigDecimal cost, Instant priceEffectiveFrom, BigDecimal unitPrice) {
    }

    private final BlockRates rates;
    private final Map<MeterCharge, ExactSum> running = new IdentityHashMap<>();
    private final Set<UUID> done = new HashSet<>();
    private final RatedPeriod rated;
    private UUID meter;
    private Ratio lastRate = Ratio.ZERO;
    private BigDecimal lastQuantity = BigDecimal.ZERO;
    private boolean partial;

    /**
     * @param quantities the usage the period was rated from, summed per meter and usage start
     */
    public ChargeAllocator(RatedPeriod rated, Map<UUID, TreeMap<Instant, BigDecimal>> quantities) {
        this(rated, new BlockRates(rated, quantities));
    }

    ChargeAllocator(RatedPeriod rated, BlockRates rates) {
        this.rated = rated;
        this.rates = rates;
    }

    /**
     * Makes this allocator list part of the period (ADR 0049): a window, or a page after a record already listed. The
     * first record of each price version read continues from the exact cost of the version's earlier blocks, so listed
     * costs equal those of a full listing; {@link #finish} is then not available.
     */
    public ChargeAllocator partial() {
        partial = true;
        return this;
    }

    /**
     * Continues a {@link #partial} listing after a record already listed: the records of its block (meter, usage start)
     * up to and including it carried {@code listed} units.
     */
    public void resumeAfter(UUID meterId, Instant usageStart, BigDecimal listed) {
        partial();
        MeterCharge charge = rates.versionAt(meterId, usageStart);
        if (charge != null) {
            Ratio block = listed.signum() == 0 ? Ratio.ZERO : rates.rate(meterId, usageStart).multiply(listed);
            running.put(charge, new ExactSum(rates.exactBefore(meterId, usageStart).add(block)));
        }
        meter = meterId;
        done.add(meterId);
    }

    /** The cost of the next record in allocation order. */
    public Share allocate(UUID meterId, Instant usageStart, BigDecimal quantity) {
        if (!meterId.equals(meter)) {
            if (!done.add(meterId)) {
                throw new IllegalStateException("records of meter " + meterId + " are not contiguous");
            }
            meter = meterId;
        }
        MeterCharge charge = rates.versionAt(meterId, usageStart);
        Instant effectiveFrom = charge == null ? usageStart : charge.priceEffectiveFrom();
        BigDecimal unitPrice = charge == null || charge.tiers().isEmpty() ? BigDecimal.ZERO
                : charge.tiers().get(0).unitPrice();
        if (quantity.signum() == 0) {
            lastRate = Ratio.ZERO;
            return new Share(BigDecimal.ZERO.setScale(SCALE), effectiveFrom, unitPrice);
        }
        Ratio rate = rates.rate(meterId, usageStart);
        lastRate = rate;
        lastQuantity = quantity;
        ExactSum sum = running.get(charge);
        if (sum == null) {
            sum = partial ? new ExactSum(rates.exactBefore(meterId, usageStart)) : new ExactSum();
            running.put(charge, sum);
        }
        BigDecimal cost = sum.add(rate, quantity);
        return new Share(cost, effectiveFrom, unitPrice);
    }

    /** The exact cost of the record last allocated. */
    Ratio lastExact() {
        return lastRate.signum() == 0 ? Ratio.ZERO : lastRate.multiply(lastQuantity);
    }

    /** Checks that every rated charge was allocated exactly. */
    public void finish() {
        if (partial) {
            throw new IllegalStateException("a partial listing cannot check the period's charges");
        }
        for (MeterCharge c : rated.meterCharges()) {
            ExactSum sum = running.get(c);
            Ratio allocated = sum == null ? Ratio.ZERO : sum.total();
            if (allocated.compareTo(Ratio.of(c.amount().amount())) != 0
                    || (c.amount().amount().signum() == 0 && !done.contains(c.meterId()))) {
                throw new IllegalStateException("meter " + c.meterId() + " (version from " + c.priceEffectiveFrom()
                        + ") has rated usage that the records do not carry");
            }
        }
    }

    /** The charge type of an offer term's line. */
    public static ChargeType termType(TermApplication term) {
        if (term instanceof TermApplication.CommitmentDiscount) {
            return ChargeType.COMMITMENT_DISCOUNT;
        }
        if (term instanceof TermApplication.CreditApplied) {
            return ChargeType.CREDIT;
        }
        return ChargeType.RECURRING_CHARGE;
    }
}

package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.TermApplication;
import io.meterwise.core.rating.TierCharge;

/**
 * Splits the rated usage charges of a billing period over its usage records, without pricing anything itself: the
 * lines come from the {@link io.meterwise.core.rating.Rater}.
 *
 * <h2>Allocation</h2>
 * <ol>
 * <li>Records are taken in allocation order: by meter, then usage start, then arrival (see {@link PeriodUsage}). A
 * record belongs to the {@link MeterCharge} of its meter's price version in force at its usage start.</li>
 * <li>A meter charge is a row of <i>pieces</i> laid end to end, as the Rater counts positions: first its included
 * quantity used (amount zero), then each {@link TierCharge} in order. The charge's records, in order, fill the pieces:
 * a record covering positions {@code [a, b)} of a piece of quantity {@code Q} and amount {@code M} gets
 * {@code r(M x b / Q) - r(M x a / Q)}, where {@code r} rounds half even to {@value #SCALE} decimals. The shares of a
 * piece telescope to exactly {@code M}, so the records of a period add up exactly to its usage charges, each within
 * 10<sup>-{@value #SCALE}</sup> of its exact proportional share. A record's cost is the sum of its shares.</li>
 * <li>Each offer term of the period is one charge of its own ({@link #termType}); terms are never spread over usage.</li>
 * </ol>
 * The records given must be exactly the records rated, in allocation order; anything else is an
 * {@link IllegalStateException}, so a rating rule this allocation does not follow fails loudly rather than
 * mis-allocating. Not thread-safe.
 */
public final class ChargeAllocator {

    /** Decimals of a charge's cost. */
    public static final int SCALE = 10;

    /** A record's share: its cost, and the price version and list unit price (lowest tier) it was rated under. */
    public record Share(BigDecimal cost, Instant priceEffectiveFrom, BigDecimal unitPrice) {
    }

    private record Piece(BigDecimal quantity, BigDecimal amount) {
    }

    private final Map<UUID, List<MeterCharge>> charges = new HashMap<>();
    private final Set<UUID> done = new HashSet<>();
    private UUID meter;
    private List<MeterCharge> versions = List.of();
    private int version = -1;
    private List<Piece> pieces = List.of();
    private int piece;
    private BigDecimal position = BigDecimal.ZERO;
    private BigDecimal allocated = BigDecimal.ZERO;

    public ChargeAllocator(RatedPeriod rated) {
        for (MeterCharge c : rated.meterCharges()) {
            charges.computeIfAbsent(c.meterId(), k -> new ArrayList<>()).add(c);
        }
        charges.values().forEach(list -> list.sort(Comparator.comparing(MeterCharge::priceEffectiveFrom)));
    }

    /** The cost of the next record in allocation order. */
    public Share allocate(UUID meterId, Instant usageStart, BigDecimal quantity) {
        if (!meterId.equals(meter)) {
            finishMeter();
            if (!done.add(meterId)) {
                throw new IllegalStateException("records of meter " + meterId + " are not contiguous");
            }
            meter = meterId;
            versions = charges.getOrDefault(meterId, List.of());
            version = -1;
        }
        int v = versionAt(usageStart);
        if (quantity.signum() == 0) {
            MeterCharge at = v < 0 ? null : versions.get(v);
            return new Share(BigDecimal.ZERO.setScale(SCALE), at == null ? usageStart : at.priceEffectiveFrom(),
                    at == null || at.tiers().isEmpty() ? BigDecimal.ZERO : at.tiers().get(0).unitPrice());
        }
        if (v < 0) {
            throw new IllegalStateException("meter " + meterId + " has no rated charge for usage at " + usageStart);
        }
        if (v != version) {
            // every rated version has usage, so records move from one version to the very next
            if (v != version + 1) {
                throw new IllegalStateException("records of meter " + meterId + " do not match its rated versions");
            }
            finishVersion();
            version = v;
            pieces = piecesOf(versions.get(v));
            piece = 0;
            position = BigDecimal.ZERO;
            allocated = BigDecimal.ZERO;
        }
        MeterCharge charge = versions.get(v);
        BigDecimal cost = take(quantity);
        BigDecimal unitPrice = charge.tiers().isEmpty() ? BigDecimal.ZERO : charge.tiers().get(0).unitPrice();
        return new Share(cost, charge.priceEffectiveFrom(), unitPrice);
    }

    /** Checks that every rated quantity was allocated. */
    public void finish() {
        finishMeter();
        for (UUID m : charges.keySet()) {
            if (!done.contains(m)) {
                throw new IllegalStateException("no records for rated meter " + m);
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

    private int versionAt(Instant usageStart) {
        int found = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (!versions.get(i).priceEffectiveFrom().isAfter(usageStart)) {
                found = i;
            }
        }
        return found;
    }

    private BigDecimal take(BigDecimal quantity) {
        BigDecimal remaining = quantity;
        BigDecimal cost = BigDecimal.ZERO.setScale(SCALE);
        while (remaining.signum() > 0) {
            if (piece >= pieces.size()) {
                throw new IllegalStateException("meter " + meter + " has more usage than was rated");
            }
            Piece p = pieces.get(piece);
            BigDecimal room = p.quantity().subtract(position);
            BigDecimal step = room.min(remaining);
            position = position.add(step);
            remaining = remaining.subtract(step);
            BigDecimal cumulative = position.compareTo(p.quantity()) == 0 ? p.amount().setScale(SCALE)
                    : p.amount().multiply(position).divide(p.quantity(), SCALE, RoundingMode.HALF_EVEN);
            cost = cost.add(cumulative.subtract(allocated));
            allocated = cumulative;
            if (position.compareTo(p.quantity()) == 0) {
                piece++;
                position = BigDecimal.ZERO;
                allocated = BigDecimal.ZERO;
            }
        }
        return cost;
    }

    private void finishMeter() {
        if (meter != null) {
            finishVersion();
            if (version != versions.size() - 1) {
                throw new IllegalStateException("meter " + meter + " has rated usage that no record carries");
            }
        }
    }

    private void finishVersion() {
        if (version >= 0 && piece != pieces.size()) {
            throw new IllegalStateException("meter " + meter + " has rated usage that no record carries");
        }
    }

    private static List<Piece> piecesOf(MeterCharge charge) {
        List<Piece> result = new ArrayList<>();
        if (charge.includedQuantityUsed().signum() > 0) {
            result.add(new Piece(charge.includedQuantityUsed(), BigDecimal.ZERO));
        }
        for (TierCharge t : charge.tiers()) {
            result.add(new Piece(t.quantity(), t.amount().amount()));
        }
        return result;
    }
}

package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.TierCharge;

/**
 * The exact cost per unit of every <i>block</i> of a rated period (ADR 0039): a block is the usage of one meter
 * starting at one instant. Within a meter's price version, blocks take positions in usage-start order; a meter charge
 * is a row of pieces laid end to end as the Rater counts positions (included quantity used at amount zero, then each
 * {@link TierCharge}); a block covering positions {@code [a, a + Q)} costs, exactly, the sum over the pieces it
 * overlaps of {@code amount x overlap / pieceQuantity}, and each of its units costs that divided by {@code Q}. So the
 * blocks of a piece add up exactly to its (rounded) amount, and a record's exact cost is its quantity times its block's
 * rate whatever records it shares the block with: costs are linear in quantities, and summing quantities first gives
 * the same exact costs as summing per-record costs.
 */
final class BlockRates {

    private record Piece(BigDecimal quantity, BigDecimal amount) {
    }

    private record Version(MeterCharge charge, List<Piece> pieces, Ratio[] pieceRates) {
    }

    private final Map<UUID, List<Version>> versions = new HashMap<>();
    private final Map<UUID, TreeMap<Instant, Ratio>> rates = new HashMap<>();
    private final Map<UUID, Set<Instant>> empty = new HashMap<>();
    private final Map<UUID, TreeMap<Instant, BigDecimal>> quantities;
    private final Map<ChronoUnit, Buckets> buckets = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param quantities usage summed per meter and usage start (what the period was rated from)
     * @throws IllegalStateException if the quantities are not exactly those rated
     */
    BlockRates(RatedPeriod rated, Map<UUID, TreeMap<Instant, BigDecimal>> quantities) {
        this.quantities = quantities;
        for (MeterCharge c : rated.meterCharges()) {
            List<Piece> pieces = new ArrayList<>();
            if (c.includedQuantityUsed().signum() > 0) {
                pieces.add(new Piece(c.includedQuantityUsed(), BigDecimal.ZERO));
            }
            for (TierCharge t : c.tiers()) {
                pieces.add(new Piece(t.quantity(), t.amount().amount()));
            }
            Ratio[] pieceRates = new Ratio[pieces.size()];
            for (int i = 0; i < pieceRates.length; i++) {
                pieceRates[i] = Ratio.of(pieces.get(i).amount(), pieces.get(i).quantity());
            }
            versions.computeIfAbsent(c.meterId(), k -> new ArrayList<>()).add(new Version(c, pieces, pieceRates));
        }
        versions.values().forEach(list -> list.sort(Comparator.comparing(v -> v.charge().priceEffectiveFrom())));
        quantities.forEach(this::rateMeter);
        for (UUID meter : versions.keySet()) {
            if (!quantities.containsKey(meter)) {
                throw new IllegalStateException("no usage for rated meter " + meter);
            }
        }
    }

    /** The exact cost of one unit of {@code meterId} used from {@code usageStart}; zero for a block without units. */
    Ratio rate(UUID meterId, Instant usageStart) {
        TreeMap<Instant, Ratio> meter = rates.get(meterId);
        Ratio rate = meter == null ? null : meter.get(usageStart);
        if (rate == null) {
            throw new IllegalStateException("meter " + meterId + " has no rated usage at " + usageStart);
        }
        return rate;
    }

    /**
     * The rates of usage summed per time bucket (ADR 0042): per meter, the buckets (usage starts truncated to
     * {@code unit}, UTC) whose blocks with units all have one rate, and the others ({@link Buckets#mixed}), whose usage
     * must be summed per block. Blocks without units cost nothing at any rate and do not make a bucket mixed (quantities
     * are never negative).
     */
    Buckets buckets(ChronoUnit unit) {
        // a rated period is kept and shared between queries (PeriodCharges): so are its buckets
        return buckets.computeIfAbsent(unit, this::bucketsOf);
    }

    private Buckets bucketsOf(ChronoUnit unit) {
        Map<UUID, Map<Instant, Ratio>> uniform = new HashMap<>();
        Map<UUID, Set<Instant>> mixed = new HashMap<>();
        rates.forEach((meter, blocks) -> {
            Set<Instant> none = empty.getOrDefault(meter, Set.of());
            Map<Instant, Ratio> meterUniform = new HashMap<>();
            Set<Instant> meterMixed = new HashSet<>();
            blocks.forEach((start, rate) -> {
                if (none.contains(start)) {
                    return;
                }
                Instant bucket = start.truncatedTo(unit);
                if (meterMixed.contains(bucket)) {
                    return;
                }
                Ratio seen = meterUniform.putIfAbsent(bucket, rate);
                if (seen != null && !seen.equals(rate)) {
                    meterUniform.remove(bucket);
                    meterMixed.add(bucket);
                }
            });
            uniform.put(meter, meterUniform);
            if (!meterMixed.isEmpty()) {
                mixed.put(meter, Set.copyOf(meterMixed));
            }
        });
        return new Buckets(this, unit, uniform, Map.copyOf(mixed));
    }

    /** The rates of usage summed per meter and time bucket, or per block in the {@link #mixed} buckets. */
    record Buckets(BlockRates blocks, ChronoUnit unit, Map<UUID, Map<Instant, Ratio>> uniform,
            Map<UUID, Set<Instant>> mixed) {

        /**
         * The exact cost of one unit of {@code meterId} summed at {@code time}: the start of a uniform bucket, or the
         * usage start of a block (in any bucket).
         */
        Ratio rate(UUID meterId, Instant time) {
            Instant bucket = time.truncatedTo(unit);
            if (mixed.getOrDefault(meterId, Set.of()).contains(bucket)) {
                return blocks.rate(meterId, time);
            }
            Ratio rate = uniform.getOrDefault(meterId, Map.of()).get(bucket);
            if (rate == null) {
                throw new IllegalStateException("meter " + meterId + " has no rated usage in the bucket " + bucket);
            }
            return rate;
        }
    }

    /**
     * The exact cost of the blocks of {@code meterId} that start before {@code usageStart} in its price version: the
     * running total a listing resumed at that block starts from (ADR 0049).
     */
    Ratio exactBefore(UUID meterId, Instant usageStart) {
        MeterCharge version = versionAt(meterId, usageStart);
        TreeMap<Instant, BigDecimal> blocks = quantities.get(meterId);
        if (version == null || blocks == null) {
            return Ratio.ZERO;
        }
        Map<Ratio, BigDecimal> units = new HashMap<>();
        blocks.subMap(version.priceEffectiveFrom(), true, usageStart, false).forEach((start, quantity) -> {
            if (quantity.signum() != 0) {
                units.merge(rate(meterId, start), quantity, BigDecimal::add);
            }
        });
        Ratio total = Ratio.ZERO;
        for (Map.Entry<Ratio, BigDecimal> u : units.entrySet()) {
            total = total.add(u.getKey().multiply(u.getValue()));
        }
        return total;
    }

    /** The price version (its rated charge) of a block, or null for a block without units and without a version. */
    MeterCharge versionAt(UUID meterId, Instant usageStart) {
        MeterCharge found = null;
        for (Version v : versions.getOrDefault(meterId, List.of())) {
            if (!v.charge().priceEffectiveFrom().isAfter(usageStart)) {
                found = v.charge();
            }
        }
        return found;
    }

    private void rateMeter(UUID meterId, TreeMap<Instant, BigDecimal> blocks) {
        List<Version> list = versions.getOrDefault(meterId, List.of());
        TreeMap<Instant, Ratio> meterRates = new TreeMap<>();
        int current = -1;
        int piece = 0;
        BigDecimal position = BigDecimal.ZERO; // within the current piece
        for (Map.Entry<Instant, BigDecimal> block : blocks.entrySet()) {
            BigDecimal quantity = block.getValue();
            if (quantity.signum() == 0) {
                meterRates.put(block.getKey(), Ratio.ZERO);
                empty.computeIfAbsent(meterId, k -> new HashSet<>()).add(block.getKey());
                continue;
            }
            int v = -1;
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).charge().priceEffectiveFrom().isAfter(block.getKey())) {
                    v = i;
                }
            }
            if (v < 0) {
                throw new IllegalStateException("meter " + meterId + " has no rated charge for usage at "
                        + block.getKey());
            }
            if (v != current) {
                // every rated version has usage, so blocks move from one version to the very next
                if (v != current + 1) {
                    throw new IllegalStateException("the usage of meter " + meterId + " does not match its rated "
                            + "versions");
                }
                if (current >= 0) {
                    checkFilled(meterId, list.get(current), piece);
                }
                current = v;
                piece = 0;
                position = BigDecimal.ZERO;
            }
            Version version = list.get(v);
            BigDecimal remaining = quantity;
            Ratio cost = Ratio.ZERO;
            Ratio only = null;
            int pieces = 0;
            while (remaining.signum() > 0) {
                if (piece >= version.pieces().size()) {
                    throw new IllegalStateException("meter " + meterId + " has more usage than was rated");
                }
                Piece p = version.pieces().get(piece);
                BigDecimal step = p.quantity().subtract(position).min(remaining);
                cost = cost.add(version.pieceRates()[piece].multiply(step));
                only = version.pieceRates()[piece];
                pieces++;
                position = position.add(step);
                remaining = remaining.subtract(step);
                if (position.compareTo(p.quantity()) == 0) {
                    piece++;
                    position = BigDecimal.ZERO;
                }
            }
            // a block inside one piece shares that piece's rate (the common case, and one object per piece)
            meterRates.put(block.getKey(), pieces == 1 ? only : cost.divide(Ratio.of(quantity)));
        }
        if (current >= 0) {
            checkFilled(meterId, list.get(current), piece);
        }
        if (current != list.size() - 1) {
            throw new IllegalStateException("meter " + meterId + " has rated usage that no record carries");
        }
        rates.put(meterId, meterRates);
    }

    private static void checkFilled(UUID meterId, Version version, int piece) {
        if (piece != version.pieces().size()) {
            throw new IllegalStateException("meter " + meterId + " has rated usage that no record carries");
        }
    }
}

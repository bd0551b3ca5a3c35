package io.meterwise.core.estimate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageHistory.Slice;

/**
 * Reprices a subscription's actual usage of a billing period under alternatives. The usage is read once (as
 * {@link Slice}s); every alternative is a full {@link Rater} run over it, each slice moved to the meter the
 * alternative maps it to:
 * <ul>
 * <li>a slice the mapping has no counterpart for stays on its meter and is flagged (with its resource) as
 * unmapped;</li>
 * <li>a slice whose (mapped) meter has no price in force at its usage start in the alternative's price list is left
 * out of that alternative and flagged as unpriced.</li>
 * </ul>
 * Deltas are given per group of meters connected by the mapping (a meter and the meters its usage moved to), so that
 * no amount is counted twice when only part of a meter's usage moves: {@code actual} is the actual charges of the
 * group's meters, {@code alternative} the alternative's charges of the group's meters.
 */
public final class WhatIf {

    /** Where one slice goes: a meter, or empty for "no counterpart". */
    @FunctionalInterface
    public interface Mapping {
        Optional<UUID> target(Slice slice);
    }

    /** Every meter stays. */
    public static final Mapping SAME_METERS = slice -> Optional.of(slice.meterId());

    public record Alternative(String name, PriceList priceList, Offer offer, Mapping mapping) {
        public Alternative {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(priceList, "priceList");
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(mapping, "mapping");
        }
    }

    public record MeterDelta(List<UUID> fromMeterIds, List<UUID> toMeterIds, Money actual, Money alternative) {
    }

    /** A meter whose usage could not be moved or priced, and the resources that used it. */
    public record Flagged(UUID meterId, String reason, List<String> resources, BigDecimal quantity) {
    }

    public record Outcome(String name, RatedPeriod rated, List<MeterDelta> meterDeltas, List<Flagged> unmapped,
            List<Flagged> unpriced) {
    }

    private final BillingPeriod period;
    private final List<Slice> usage;
    private final RatedPeriod actual;
    private final Map<UUID, BigDecimal> actualByMeter = new HashMap<>();

    /** Rates the actual usage with the subscription's own price list and offer. */
    public WhatIf(BillingPeriod period, List<Slice> usage, PriceList priceList, Offer offer) {
        this.period = period;
        this.usage = List.copyOf(usage);
        Rater rater = Rater.forPeriod(priceList, offer, period);
        for (Slice s : this.usage) {
            rater.add(s.meterId(), s.usageStart(), s.quantity());
        }
        this.actual = rater.result();
        for (MeterCharge c : actual.meterCharges()) {
            actualByMeter.merge(c.meterId(), c.amount().amount(), BigDecimal::add);
        }
    }

    public RatedPeriod actual() {
        return actual;
    }

    /** One full rating of the usage under {@code alternative}. */
    public Outcome run(Alternative alternative) {
        Rater rater = Rater.forPeriod(alternative.priceList(), alternative.offer(), period);
        PriceList prices = alternative.priceList();
        UnionFind groups = new UnionFind();
        Map<UUID, Acc> unmapped = new TreeMap<>();
        Map<UUID, Acc> unpriced = new TreeMap<>();
        UUID lastFrom = null;
        UUID lastTo = null;
        for (Slice s : usage) {
            Optional<UUID> target = alternative.mapping().target(s);
            UUID to;
            if (target.isEmpty()) {
                unmapped.computeIfAbsent(s.meterId(), m -> new Acc()).add(s);
                to = s.meterId();
            } else {
                to = target.get();
            }
            if (prices.priceAt(to, s.usageStart()).isEmpty()) {
                unpriced.computeIfAbsent(to, m -> new Acc()).add(s);
                groups.touch(s.meterId());
                continue;
            }
            if (!s.meterId().equals(lastFrom) || !to.equals(lastTo)) {
                groups.union(s.meterId(), to);
                lastFrom = s.meterId();
                lastTo = to;
            }
            rater.add(to, s.usageStart(), s.quantity());
        }
        RatedPeriod rated = rater.result();
        Map<UUID, BigDecimal> alternativeByMeter = new HashMap<>();
        for (MeterCharge c : rated.meterCharges()) {
            alternativeByMeter.merge(c.meterId(), c.amount().amount(), BigDecimal::add);
        }
        List<MeterDelta> deltas = new ArrayList<>();
        for (var group : groups.groups().entrySet()) {
            TreeSet<UUID> from = new TreeSet<>();
            TreeSet<UUID> to = new TreeSet<>();
            BigDecimal actualAmount = BigDecimal.ZERO;
            BigDecimal alternativeAmount = BigDecimal.ZERO;
            for (UUID meter : group.getValue()) {
                if (actualByMeter.containsKey(meter)) {
                    from.add(meter);
                    actualAmount = actualAmount.add(actualByMeter.get(meter));
                }
                if (alternativeByMeter.containsKey(meter)) {
                    to.add(meter);
                    alternativeAmount = alternativeAmount.add(alternativeByMeter.get(meter));
                }
            }
            deltas.add(new MeterDelta(List.copyOf(from), List.copyOf(to), Money.of(actualAmount, actual.currency()),
                    Money.of(alternativeAmount, rated.currency())));
        }
        deltas.sort(java.util.Comparator.comparing((MeterDelta d) -> d.fromMeterIds().isEmpty() ? ""
                : d.fromMeterIds().get(0).toString()));
        return new Outcome(alternative.name(), rated, deltas, flagged(unmapped, "no counterpart"),
                flagged(unpriced, "no price in force in price list " + MeterResolver.describe(prices)));
    }

    private static List<Flagged> flagged(Map<UUID, Acc> byMeter, String reason) {
        List<Flagged> result = new ArrayList<>();
        byMeter.forEach((meter, acc) -> result.add(new Flagged(meter, reason, List.copyOf(acc.resources),
                acc.quantity)));
        return result;
    }

    private static final class Acc {
        final TreeSet<String> resources = new TreeSet<>();
        BigDecimal quantity = BigDecimal.ZERO;

        void add(Slice s) {
            if (!s.resourceUri().isEmpty()) {
                resources.add(s.resourceUri());
            }
            quantity = quantity.add(s.quantity());
        }
    }

    /** Meters connected by moved usage. */
    private static final class UnionFind {
        private final Map<UUID, UUID> parent = new HashMap<>();

        void touch(UUID a) {
            parent.putIfAbsent(a, a);
        }

        UUID find(UUID a) {
            touch(a);
            UUID root = a;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            parent.put(a, root);
            return root;
        }

        void union(UUID a, UUID b) {
            UUID ra = find(a);
            UUID rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(ra, rb);
            }
        }

        Map<UUID, List<UUID>> groups() {
            Map<UUID, List<UUID>> groups = new HashMap<>();
            for (UUID m : List.copyOf(parent.keySet())) {
                groups.computeIfAbsent(find(m), r -> new ArrayList<>()).add(m);
            }
            return groups;
        }
    }

    /** Region moves for {@code scope}: regional meters of slices in scope go to the same product in {@code region}. */
    public static Mapping regionMove(Counterparts counterparts, Function<UUID, Optional<Meter>> meters,
            String region, Predicate<Slice> scope) {
        Map<UUID, Optional<UUID>> cache = new HashMap<>();
        return slice -> {
            if (!scope.test(slice)) {
                return Optional.of(slice.meterId());
            }
            return cache.computeIfAbsent(slice.meterId(), id -> meters.apply(id)
                    .map(m -> Counterparts.regional(m) ? counterparts.inRegion(m, region) : Optional.of(id))
                    .orElse(Optional.empty()));
        };
    }

    /** SKU swaps for {@code scope}: meters of ARM SKU {@code from} go to the matching meter of SKU {@code to}. */
    public static Mapping skuSwap(Counterparts counterparts, Function<UUID, Optional<Meter>> meters,
            String from, String to, Predicate<Slice> scope) {
        Map<UUID, Optional<UUID>> cache = new HashMap<>();
        return slice -> {
            if (!scope.test(slice)) {
                return Optional.of(slice.meterId());
            }
            return cache.computeIfAbsent(slice.meterId(), id -> meters.apply(id)
                    .map(m -> m.product().armSkuName().equalsIgnoreCase(from) ? counterparts.withSku(m, to)
                            : Optional.of(id))
                    .orElse(Optional.empty()));
        };
    }
}

package io.meterwise.core.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** All price versions of one price list, per meter, oldest first. */
public final class PriceList {

    private final PriceListKey key;
    private final Map<UUID, List<MeterPrice>> versionsByMeter;

    private PriceList(PriceListKey key, Map<UUID, List<MeterPrice>> versionsByMeter) {
        this.key = key;
        this.versionsByMeter = versionsByMeter;
    }

    public static PriceList of(PriceListKey key, Collection<MeterPrice> prices) {
        Objects.requireNonNull(key, "key");
        Map<UUID, List<MeterPrice>> byMeter = new HashMap<>();
        for (MeterPrice p : prices) {
            byMeter.computeIfAbsent(p.meterId(), m -> new ArrayList<>()).add(p);
        }
        byMeter.replaceAll((meter, versions) -> {
            versions.sort(Comparator.comparing(MeterPrice::effectiveFrom));
            for (int i = 1; i < versions.size(); i++) {
                if (versions.get(i).effectiveFrom().equals(versions.get(i - 1).effectiveFrom())) {
                    throw new IllegalArgumentException("two price versions of meter " + meter + " take effect at "
                            + versions.get(i).effectiveFrom());
                }
            }
            return List.copyOf(versions);
        });
        return new PriceList(key, Map.copyOf(byMeter));
    }

    public PriceListKey key() {
        return key;
    }

    /** Price versions of a meter, oldest first; empty when the meter is not priced here. */
    public List<MeterPrice> versions(UUID meterId) {
        return versionsByMeter.getOrDefault(meterId, List.of());
    }

    /** The version in force at {@code instant}: the latest one whose effective date is not after it. */
    public Optional<MeterPrice> priceAt(UUID meterId, Instant instant) {
        MeterPrice found = null;
        for (MeterPrice p : versions(meterId)) {
            if (p.effectiveFrom().isAfter(instant)) {
                break;
            }
            found = p;
        }
        return Optional.ofNullable(found);
    }

    public java.util.Set<UUID> meterIds() {
        return versionsByMeter.keySet();
    }
}

package io.meterwise.core.estimate;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.ProductAttributes;

/**
 * "The same thing elsewhere" (ADR 0030): the meter of the same service, product, SKU, meter name and type in another
 * ARM region; or, for a SKU swap, the meter of another ARM SKU in the same region, service and type, with the same
 * operating system (a product name ending in {@code Windows}) and the same purchase variant (a meter name ending in
 * {@code Spot} or {@code Low Priority}). Meters without an ARM region are not regional and have no counterpart.
 */
public final class Counterparts {

    private static final List<String> VARIANTS = List.of(" Spot", " Low Priority");

    private final Map<String, UUID> byProductInRegion = new HashMap<>();
    private final Map<String, UUID> bySkuInRegion = new HashMap<>();
    private final TreeSet<String> regions = new TreeSet<>();

    public Counterparts(Collection<Meter> meters) {
        for (Meter m : meters) {
            ProductAttributes p = m.product();
            if (p.armRegionName().isEmpty()) {
                continue;
            }
            regions.add(p.armRegionName());
            byProductInRegion.putIfAbsent(productKey(m, p.armRegionName()), m.meterId());
            if (!p.armSkuName().isEmpty()) {
                bySkuInRegion.putIfAbsent(skuKey(m, p.armSkuName()), m.meterId());
            }
        }
    }

    /** Every ARM region some meter is in, alphabetically. */
    public List<String> regions() {
        return List.copyOf(regions);
    }

    /** True when the meter is regional (has an ARM region), so moving regions concerns it. */
    public static boolean regional(Meter meter) {
        return !meter.product().armRegionName().isEmpty();
    }

    /** The meter selling the same product in {@code region}; the meter itself when it is in that region already. */
    public Optional<UUID> inRegion(Meter meter, String region) {
        if (!regional(meter)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byProductInRegion.get(productKey(meter, region.toLowerCase(Locale.ROOT))));
    }

    /** The meter of ARM SKU {@code armSkuName} in the meter's region, same service, type, OS and variant. */
    public Optional<UUID> withSku(Meter meter, String armSkuName) {
        if (!regional(meter) || meter.product().armSkuName().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(bySkuInRegion.get(skuKey(meter, armSkuName)));
    }

    private static String productKey(Meter m, String region) {
        ProductAttributes p = m.product();
        return String.join("|", region, p.serviceName(), p.productName(), p.skuName(), m.name(), p.type())
                .toLowerCase(Locale.ROOT);
    }

    private static String skuKey(Meter m, String armSkuName) {
        ProductAttributes p = m.product();
        boolean windows = p.productName().endsWith(" Windows");
        String variant = VARIANTS.stream().filter(v -> m.name().endsWith(v)).findFirst().orElse("");
        return String.join("|", p.armRegionName(), p.serviceName(), p.type(), String.valueOf(windows), variant,
                armSkuName).toLowerCase(Locale.ROOT);
    }
}

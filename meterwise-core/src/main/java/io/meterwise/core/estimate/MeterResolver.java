package io.meterwise.core.estimate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.PriceList;

/**
 * Finds the meter a workload line names. A name the catalog does not know at all (meter id, SKU, meter name, region)
 * is a {@link Problem} (the request is refused); a known name that leads to no priced meter, or to several, is an
 * {@link Unresolved} line, listed with why.
 */
public final class MeterResolver {

    /** The outcome for one line. */
    public sealed interface Resolution {
    }

    public record Resolved(Meter meter) implements Resolution {
    }

    public record Unresolved(String reason) implements Resolution {
    }

    public record Problem(String message) implements Resolution {
    }

    private final Collection<Meter> meters;
    private final Function<java.util.UUID, Optional<Meter>> byId;

    public MeterResolver(Catalog catalog) {
        this.meters = catalog.meters();
        this.byId = catalog::meter;
    }

    /** Resolves {@code selector} to a meter priced in {@code priceList} at {@code at}. */
    public Resolution resolve(MeterSelector selector, PriceList priceList, Instant at) {
        if (selector.meterId() != null) {
            Optional<Meter> meter = byId.apply(selector.meterId());
            if (meter.isEmpty()) {
                return new Problem("unknown meter '" + selector.meterId() + "'");
            }
            return priceList.priceAt(meter.get().meterId(), at).isPresent() ? new Resolved(meter.get())
                    : new Unresolved("meter " + selector.meterId() + " has no price in force in price list "
                            + describe(priceList));
        }
        if (blank(selector.armSkuName()) && blank(selector.meterName())) {
            return new Problem("name a meterId, an armSkuName or a meterName");
        }
        if (blank(selector.armRegionName())) {
            return new Problem("give armRegionName (like westeurope) with " + selector.describe());
        }
        List<Meter> candidates = new ArrayList<>(meters);
        if (!blank(selector.armSkuName())) {
            if (narrow(candidates, m -> m.product().armSkuName(), selector.armSkuName())) {
                return new Problem("unknown SKU '" + selector.armSkuName() + "'");
            }
        }
        if (!blank(selector.meterName())) {
            if (meters.stream().noneMatch(m -> m.name().equalsIgnoreCase(selector.meterName().strip()))) {
                return new Problem("unknown meter name '" + selector.meterName() + "'");
            }
            narrow(candidates, Meter::name, selector.meterName());
        }
        String region = selector.armRegionName();
        if (meters.stream().noneMatch(m -> inRegion(m, region))) {
            return new Problem("unknown region '" + region + "'");
        }
        candidates.removeIf(m -> !inRegion(m, region));
        narrow(candidates, m -> m.product().serviceName(), selector.serviceName());
        narrow(candidates, m -> m.product().productName(), selector.productName());
        narrow(candidates, m -> m.product().skuName(), selector.skuName());
        if (candidates.isEmpty()) {
            return new Unresolved("no meter of " + selector.describe());
        }
        List<Meter> priced = candidates.stream().filter(m -> priceList.priceAt(m.meterId(), at).isPresent()).toList();
        if (priced.isEmpty()) {
            return new Unresolved("no meter of " + selector.describe() + " is priced in price list "
                    + describe(priceList));
        }
        if (priced.size() > 1) {
            return new Unresolved(priced.size() + " meters match " + selector.describe() + ": " + String.join(", ",
                    priced.stream().map(m -> "'" + m.product().productName() + "' / '" + m.product().skuName() + "' ("
                            + m.meterId() + ")").toList()) + "; add productName or skuName, or give the meterId");
        }
        return new Resolved(priced.get(0));
    }

    private static boolean inRegion(Meter meter, String region) {
        return meter.product().armRegionName().equalsIgnoreCase(region) || meter.region().equalsIgnoreCase(region);
    }

    /** Keeps the candidates whose field equals {@code value} (any case); true when none is left. */
    private static boolean narrow(List<Meter> candidates, Function<Meter, String> field, @Nullable String value) {
        if (blank(value)) {
            return false;
        }
        candidates.removeIf(m -> !field.apply(m).toLowerCase(Locale.ROOT).equals(value.strip().toLowerCase(Locale.ROOT)));
        return candidates.isEmpty();
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    static String describe(PriceList priceList) {
        return priceList.key().offerDurableId() + "/" + priceList.key().currency().getCurrencyCode() + "/"
                + priceList.key().regionInfo();
    }
}

package io.meterwise.core.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a subscription's stored usage summed per meter and usage start (and, when asked, per resource and tags), for
 * estimates and what-if comparisons: one scan, then as many ratings as needed.
 */
public interface UsageHistory {

    /** Usage summed per meter, usage start (and resource and tags when {@code byResource}). */
    record Slice(UUID meterId, Instant usageStart, BigDecimal quantity, String resourceUri, Map<String, String> tags) {
    }

    /** Calls {@code sink} once per slice of the subscription's usage starting in {@code [from, to)}. */
    void scan(UUID subscriptionId, Instant from, Instant to, boolean byResource, java.util.function.Consumer<Slice> sink);
}

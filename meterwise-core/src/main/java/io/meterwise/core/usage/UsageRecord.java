package io.meterwise.core.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One metered consumption: {@link #quantity()} units of a meter used by a resource during
 * {@code [usageStart, usageEnd)}, reported to Meterwise at {@link #reportedAt()}. {@link #recordId()} is the producer's
 * idempotency key. Use {@link UsageValidator} to check a record against the catalog before storing it.
 */
public record UsageRecord(String recordId, UUID subscriptionId, UUID meterId, BigDecimal quantity, Instant usageStart,
        Instant usageEnd, String resourceUri, String location, Map<String, String> tags,
        Map<String, String> additionalInfo, Instant reportedAt) {

    public UsageRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(usageStart, "usageStart");
        Objects.requireNonNull(usageEnd, "usageEnd");
        Objects.requireNonNull(resourceUri, "resourceUri");
        location = location == null ? "" : location;
        tags = Map.copyOf(tags);
        additionalInfo = Map.copyOf(additionalInfo);
        Objects.requireNonNull(reportedAt, "reportedAt");
    }

    /** The same record reported at another time: used when a batch is stamped on arrival. */
    public UsageRecord reportedAt(Instant reported) {
        return new UsageRecord(recordId, subscriptionId, meterId, quantity, usageStart, usageEnd, resourceUri, location,
                tags, additionalInfo, reported);
    }

    /**
     * True when both records describe the same usage, whatever their reported time; two records with one id and
     * different content are a conflict. Quantities compare by value ({@code 1.0} equals {@code 1}).
     */
    public boolean sameContentAs(UsageRecord other) {
        return recordId.equals(other.recordId) && subscriptionId.equals(other.subscriptionId)
                && meterId.equals(other.meterId) && quantity.compareTo(other.quantity) == 0
                && usageStart.equals(other.usageStart) && usageEnd.equals(other.usageEnd)
                && resourceUri.equals(other.resourceUri) && location.equals(other.location) && tags.equals(other.tags)
                && additionalInfo.equals(other.additionalInfo);
    }
}

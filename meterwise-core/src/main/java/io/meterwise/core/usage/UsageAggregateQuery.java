package io.meterwise.core.usage;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.time.Granularity;

/**
 * A validated usage-aggregates query: a subscription's usage reported in {@code [reportedStart, reportedEnd)},
 * bucketed by usage time at {@code granularity}, per meter or (with details) per meter and resource instance.
 */
public record UsageAggregateQuery(UUID subscriptionId, Instant reportedStart, Instant reportedEnd,
        Granularity granularity, boolean showDetails) {

    public UsageAggregateQuery {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(reportedStart, "reportedStart");
        Objects.requireNonNull(reportedEnd, "reportedEnd");
        Objects.requireNonNull(granularity, "granularity");
    }

    /** Identifies the query a continuation token belongs to. */
    public String fingerprint() {
        return subscriptionId + "|" + reportedStart + "|" + reportedEnd + "|" + granularity + "|" + showDetails;
    }
}

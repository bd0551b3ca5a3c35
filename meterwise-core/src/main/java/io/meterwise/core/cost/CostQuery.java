package io.meterwise.core.cost;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A cost question over one subscription (or one of its resource groups): the charges whose date lies in
 * {@code [from, to)}, kept by {@code filter}, summed per grouping values and time bucket. Term charges (credit,
 * discount, recurring) belong to the subscription, so a resource-group query has none.
 */
public record CostQuery(UUID subscriptionId, @Nullable String resourceGroup, Instant from, Instant to, TimeGrain grain,
        List<Metric> metrics, List<Grouping> groupings, @Nullable CostFilter filter) {

    public static final int MAX_GROUPINGS = 2;

    public CostQuery {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(grain, "grain");
        metrics = List.copyOf(metrics);
        groupings = List.copyOf(groupings);
    }
}

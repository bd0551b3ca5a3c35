package io.meterwise.core.forecast;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.cost.CostFilter;
import io.meterwise.core.cost.Grouping;
import io.meterwise.core.cost.Metric;

/**
 * A daily cost forecast over one subscription (or one of its resource groups): the days of {@code [from, to)},
 * forecast from today on, actual before today when {@code includeActualCost}. {@code includeFreshPartialCost} reports
 * today's cost so far as actual instead of forecasting today. Filter and groupings mean what they mean in a
 * {@link io.meterwise.core.cost.CostQuery}.
 */
public record CostForecastRequest(UUID subscriptionId, @Nullable String resourceGroup, Instant from, Instant to,
        List<Metric> metrics, List<Grouping> groupings, @Nullable CostFilter filter, boolean includeActualCost,
        boolean includeFreshPartialCost) {

    public CostForecastRequest {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        metrics = List.copyOf(metrics);
        groupings = List.copyOf(groupings);
    }
}

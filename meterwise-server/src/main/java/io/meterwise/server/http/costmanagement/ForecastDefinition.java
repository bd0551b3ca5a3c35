package io.meterwise.server.http.costmanagement;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.cost.Metric;
import io.meterwise.core.forecast.CostForecastRequest;
import tools.jackson.databind.JsonNode;

/**
 * The wire codec of a Cost Management {@code ForecastDefinition}: the {@link QueryDefinition} codec reads type,
 * timePeriod, dataset aggregation, grouping (a Meterwise extension for forecasts) and filter; this adds what differs:
 * the timeframe is Custom, the granularity Daily, and {@code includeActualCost} and {@code includeFreshPartialCost}
 * (both false when absent).
 */
final class ForecastDefinition {

    private ForecastDefinition() {
    }

    static CostForecastRequest parse(@Nullable String body, UUID subscriptionId, @Nullable String resourceGroup,
            Instant now) {
        QueryDefinition.Parsed parsed = QueryDefinition.parse(body);
        JsonNode root = QueryDefinition.JSON.readTree(body);
        if (!parsed.timeframe().equals("Custom")) {
            throw QueryDefinition.invalid("timeframe", "a forecast's timeframe is Custom, with a timePeriod "
                    + "{\"from\": ..., \"to\": ...}; '" + parsed.timeframe() + "' is for queries.");
        }
        JsonNode granularity = root.get("dataset").get("granularity");
        if (granularity != null && !granularity.isNull()
                && !granularity.asString("").trim().toLowerCase(Locale.ROOT).equals("daily")) {
            throw QueryDefinition.invalid("dataset.granularity", "a forecast's granularity is Daily.");
        }
        Instant[] window = QueryDefinition.window(parsed, now, null);
        return new CostForecastRequest(subscriptionId, resourceGroup, window[0], window[1], metrics(parsed),
                parsed.groupings(), parsed.filter(), bool(root, "includeActualCost"),
                bool(root, "includeFreshPartialCost"));
    }

    /**
     * As Azure's forecast example shows, a forecast of type Usage answers {@code Cost} as {@code PreTaxCost} (and
     * {@code CostUSD} as {@code PreTaxCostUSD}); Meterwise prices carry no tax, so the amounts are the same.
     */
    private static List<Metric> metrics(QueryDefinition.Parsed parsed) {
        if (!parsed.type().equalsIgnoreCase("Usage")) {
            return parsed.metrics();
        }
        Set<Metric> metrics = new LinkedHashSet<>();
        for (Metric m : parsed.metrics()) {
            metrics.add(switch (m) {
                case COST -> Metric.PRE_TAX_COST;
                case COST_USD -> Metric.PRE_TAX_COST_USD;
                default -> m;
            });
        }
        return List.copyOf(metrics);
    }

    private static boolean bool(JsonNode root, String name) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw QueryDefinition.invalid(name, name + " must be true or false.");
        }
        return v.asBoolean();
    }
}

package io.meterwise.server.http.costmanagement;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.InvalidCostQuery;
import io.meterwise.core.forecast.CostForecasts;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Microsoft.CostManagement Forecast at subscription and resource-group scope (api-versions 2022-10-01 and
 * 2023-03-01): daily rows with CostStatus Actual or Forecast and, as a Meterwise extension, the 80 % and 95 %
 * prediction-interval columns ({@link CostForecasts}). All rows are on one page (at most a billing period's days per
 * group), so {@code nextLink} is null.
 */
@RestController
class ForecastApi {

    private static final String SUB = "/subscriptions/{subscriptionId}";
    private static final String FORECAST = "/providers/Microsoft.CostManagement/forecast";

    private final Catalog catalog;
    private final CostForecasts forecasts;
    private final Clock clock;

    ForecastApi(Catalog catalog, CostForecasts forecasts, Clock clock) {
        this.catalog = catalog;
        this.forecasts = forecasts;
        this.clock = clock;
    }

    @PostMapping(SUB + FORECAST)
    Map<String, Object> subscriptionForecast(@PathVariable String subscriptionId,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
        return forecast(subscriptionId, null, body, request);
    }

    @PostMapping(SUB + "/resourceGroups/{resourceGroup}" + FORECAST)
    Map<String, Object> resourceGroupForecast(@PathVariable String subscriptionId, @PathVariable String resourceGroup,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
        return forecast(subscriptionId, resourceGroup, body, request);
    }

    @PostMapping({"/providers/Microsoft.Billing/billingAccounts/{account}" + FORECAST,
        "/providers/Microsoft.Management/managementGroups/{group}" + FORECAST})
    Map<String, Object> unsupportedScope(HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), CostManagementApi.VERSIONS);
        throw CostManagementApi.unsupportedScope();
    }

    private Map<String, Object> forecast(String subscriptionId, @Nullable String resourceGroup, @Nullable String body,
            HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), CostManagementApi.VERSIONS);
        Subscription subscription = SubscriptionLookup.require(catalog, subscriptionId);
        var now = clock.instant();
        var definition = ForecastDefinition.parse(body, subscription.subscriptionId(), resourceGroup, now);
        CostTable table;
        try {
            table = forecasts.forecast(definition, now);
        } catch (InvalidCostQuery e) {
            throw QueryDefinition.invalid(e.field(), e.getMessage());
        }
        return QueryResultJson.render(scopeId(subscription.subscriptionId(), resourceGroup), table.columns(),
                table.rows(), null);
    }

    private static String scopeId(UUID subscriptionId, @Nullable String resourceGroup) {
        return "subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
    }
}

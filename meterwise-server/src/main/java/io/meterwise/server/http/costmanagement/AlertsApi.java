package io.meterwise.server.http.costmanagement;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.budget.AlertStatus;
import io.meterwise.core.budget.Alerts;
import io.meterwise.core.budget.Budget;
import io.meterwise.core.budget.BudgetFilter;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.FiredAlert;
import io.meterwise.core.budget.Measure;
import io.meterwise.core.budget.Notification;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.server.budget.BudgetJson;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft.CostManagement alerts at subscription and resource-group scope (api-versions 2022-10-01 and
 * 2023-03-01): the alerts fired by budgets and usage alert rules (ADR 0041), listed newest first, read one by one, and
 * dismissed (or made active again) with a PATCH of {@code properties.status}. A subscription's list includes the
 * alerts of budgets at its resource groups. {@code details.periodEndDate} is an extension (the last day of the period).
 */
@RestController
class AlertsApi {

    private static final String SUB = "/subscriptions/{subscriptionId}";
    private static final String RG = SUB + "/resourceGroups/{resourceGroup}";
    private static final String ALERTS = "/providers/Microsoft.CostManagement/alerts";

    private final Catalog catalog;
    private final Alerts alerts;

    AlertsApi(Catalog catalog, Alerts alerts) {
        this.catalog = catalog;
        this.alerts = alerts;
    }

    @GetMapping({SUB + ALERTS, RG + ALERTS})
    Map<String, Object> list(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, HttpServletRequest request) {
        BudgetScope scope = scope(subscriptionId, resourceGroup, request);
        List<Object> value = new ArrayList<>();
        for (FiredAlert a : alerts.list(scope)) {
            value.add(render(a));
        }
        return Map.of("value", value);
    }

    @GetMapping({SUB + ALERTS + "/{alertId}", RG + ALERTS + "/{alertId}"})
    ObjectNode get(@PathVariable String subscriptionId, @PathVariable(required = false) @Nullable String resourceGroup,
            @PathVariable String alertId, HttpServletRequest request) {
        BudgetScope scope = scope(subscriptionId, resourceGroup, request);
        return render(alerts.get(scope, id(alertId)).orElseThrow(() -> notFound(alertId)));
    }

    @PatchMapping({SUB + ALERTS + "/{alertId}", RG + ALERTS + "/{alertId}"})
    ObjectNode dismiss(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String alertId,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request,
            @Nullable Principal principal) {
        BudgetScope scope = scope(subscriptionId, resourceGroup, request);
        UUID id = id(alertId);
        AlertStatus status = status(body);
        String by = principal == null ? "anonymous" : principal.getName();
        return render(alerts.setStatus(scope, id, status, by).orElseThrow(() -> notFound(alertId)));
    }

    private static AlertStatus status(@Nullable String body) {
        JsonNode status;
        try {
            JsonNode json = BudgetJson.read(body);
            JsonNode properties = json.get("properties");
            status = properties == null ? null : properties.get("status");
        } catch (BudgetJson.Invalid e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent", e.getMessage(),
                    "properties.status");
        }
        if (status == null || !status.isString()) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent",
                    "The body sets properties.status to Dismissed (or Active).", "properties.status");
        }
        String text = status.asString();
        return AlertStatus.fromWireName(text).orElseThrow(() -> new ArmException(HttpStatus.BAD_REQUEST,
                "InvalidRequestContent", "The status '" + io.meterwise.core.limits.Texts.shorten(text)
                        + "' cannot be set; use Dismissed or Active.", "properties.status"));
    }

    private BudgetScope scope(String subscriptionId, @Nullable String resourceGroup, HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), CostManagementApi.VERSIONS);
        var subscription = SubscriptionLookup.require(catalog, subscriptionId);
        return new BudgetScope(subscription.subscriptionId(), SubscriptionLookup.requireResourceGroup(resourceGroup));
    }

    private static UUID id(String alertId) {
        try {
            if (alertId.length() == 36) {
                return UUID.fromString(alertId);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw notFound(alertId);
    }

    private static ArmException notFound(String alertId) {
        return new ArmException(HttpStatus.NOT_FOUND, "AlertNotFound", "No alert '"
                + io.meterwise.core.limits.Texts.shorten(alertId) + "' was fired at this scope.");
    }

    static ObjectNode render(FiredAlert a) {
        Budget rule = a.rule();
        Notification n = a.notification();
        boolean forecast = n.thresholdType() == Notification.ThresholdType.FORECASTED;
        boolean cost = rule.measure() == Measure.COST;
        ObjectNode o = BudgetJson.JSON.createObjectNode();
        o.put("id", rule.scope().armId() + ALERTS + "/" + a.id());
        o.put("name", a.id().toString());
        o.put("type", "Microsoft.CostManagement/alerts");
        ObjectNode p = o.putObject("properties");
        ObjectNode definition = p.putObject("definition");
        definition.put("type", forecast ? "BudgetForecast" : "Budget");
        definition.put("category", rule.measure().wireName());
        definition.put("criteria", cost ? (forecast ? "ForecastCostThresholdExceeded" : "CostThresholdExceeded")
                : "UsageThresholdExceeded");
        p.put("description", (cost ? "Budget '" : "Usage alert rule '") + rule.name() + "': "
                + (forecast ? "forecast " : "actual ") + (cost ? "cost " : "usage ") + a.observed().toPlainString()
                + " " + a.unit() + " is " + n.operator().wireName() + " " + n.threshold().toPlainString() + "% of "
                + rule.amount().toPlainString() + " " + a.unit() + " in the period " + a.period().start() + " to "
                + a.period().end() + ".");
        p.put("source", "User");
        ObjectNode d = p.putObject("details");
        d.put("timeGrainType", rule.timeGrain().wireName());
        d.put("periodStartDate", a.period().start() + "T00:00:00Z");
        d.put("periodEndDate", a.period().end() + "T00:00:00Z");
        d.put("triggeredBy", a.notificationName());
        Map<String, List<String>> filters = new LinkedHashMap<>();
        if (rule.filter() != null) {
            collect(rule.filter(), filters);
        }
        strings(d.putArray("resourceGroupFilter"), filters.getOrDefault("resourceGroup", List.of()));
        strings(d.putArray("resourceFilter"), filters.getOrDefault("resource", List.of()));
        List<String> meters = new ArrayList<>(filters.getOrDefault("meter", List.of()));
        if (rule.meterId() != null) {
            meters.add(0, rule.meterId().toString());
        }
        strings(d.putArray("meterFilter"), meters);
        ObjectNode tags = d.putObject("tagFilter");
        filters.forEach((key, values) -> {
            if (key.startsWith("tag:")) {
                strings(tags.putArray(key.substring(4)), values);
            }
        });
        d.put("threshold", n.threshold().movePointLeft(2));
        d.put("operator", n.operator().wireName());
        d.put("amount", rule.amount());
        d.put("unit", a.unit());
        d.put("currentSpend", a.observed());
        strings(d.putArray("contactEmails"), n.contactEmails());
        strings(d.putArray("contactGroups"), n.contactGroups());
        strings(d.putArray("contactRoles"), n.contactRoles());
        p.put("costEntityId", rule.name());
        p.put("status", a.status().wireName());
        p.put("creationTime", a.firedAt().toString());
        p.put("modificationTime", (a.statusModifiedAt() == null ? a.firedAt() : a.statusModifiedAt()).toString());
        if (a.statusModifiedAt() != null) {
            p.put("statusModificationTime", a.statusModifiedAt().toString());
            p.put("statusModificationUserName", a.statusModifiedBy());
        }
        return o;
    }

    private static void collect(BudgetFilter f, Map<String, List<String>> out) {
        if (f instanceof BudgetFilter.And and) {
            and.all().forEach(x -> collect(x, out));
        } else if (f instanceof BudgetFilter.DimensionIn dim) {
            String key = switch (dim.dimension()) {
                case RESOURCE_GROUP, RESOURCE_GROUP_NAME -> "resourceGroup";
                case RESOURCE_ID -> "resource";
                case METER, METER_ID -> "meter";
                default -> null;
            };
            if (key != null) {
                out.computeIfAbsent(key, k -> new ArrayList<>()).addAll(dim.values());
            }
        } else if (f instanceof BudgetFilter.TagIn tag) {
            out.computeIfAbsent("tag:" + tag.name(), k -> new ArrayList<>()).addAll(tag.values());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}

package io.meterwise.server.http.consumption;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.budget.Budget;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.Budgets;
import io.meterwise.core.budget.Measure;
import io.meterwise.core.budget.Spend;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.server.budget.BudgetJson;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft.Consumption budgets (api-versions 2021-10-01 and 2024-08-01) and Meterwise usage alert rules (a budget on
 * the quantity of one meter; api-version optional, 2026-12-01), at subscription and resource-group scope: PUT, GET, list,
 * DELETE. GET fills in {@code currentSpend} and, for budgets, {@code forecastSpend} of the current period; a PUT with
 * an eTag (body or {@code If-Match}) that is no longer the stored one is a 412.
 */
@RestController
class BudgetsApi {

    static final List<String> RULE_VERSIONS = List.of("2026-12-01");
    private static final String SUB = "/subscriptions/{subscriptionId}";
    private static final String RG = SUB + "/resourceGroups/{resourceGroup}";
    private static final String BUDGETS = "/providers/Microsoft.Consumption/budgets";
    private static final String RULES = "/providers/Meterwise/usageAlertRules";
    private static final String NAME = "/{name}";

    private final Catalog catalog;
    private final Budgets budgets;

    BudgetsApi(Catalog catalog, Budgets budgets) {
        this.catalog = catalog;
        this.budgets = budgets;
    }

    // ---- Microsoft.Consumption/budgets

    @GetMapping({SUB + BUDGETS, RG + BUDGETS})
    Map<String, Object> listBudgets(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, HttpServletRequest request) {
        return list(Measure.COST, subscriptionId, resourceGroup, request);
    }

    @GetMapping({SUB + BUDGETS + NAME, RG + BUDGETS + NAME})
    ObjectNode getBudget(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String name,
            HttpServletRequest request) {
        return get(Measure.COST, subscriptionId, resourceGroup, name, request);
    }

    @PutMapping({SUB + BUDGETS + NAME, RG + BUDGETS + NAME})
    ResponseEntity<ObjectNode> putBudget(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String name,
            @RequestBody(required = false) @Nullable String body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return put(Measure.COST, subscriptionId, resourceGroup, name, body, ifMatch, request);
    }

    @DeleteMapping({SUB + BUDGETS + NAME, RG + BUDGETS + NAME})
    ResponseEntity<Void> deleteBudget(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String name,
            HttpServletRequest request) {
        return delete(Measure.COST, subscriptionId, resourceGroup, name, request);
    }

    // ---- Meterwise/usageAlertRules

    @GetMapping({SUB + RULES, RG + RULES})
    Map<String, Object> listRules(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, HttpServletRequest request) {
        return list(Measure.USAGE, subscriptionId, resourceGroup, request);
    }

    @GetMapping({SUB + RULES + NAME, RG + RULES + NAME})
    ObjectNode getRule(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String name,
            HttpServletRequest request) {
        return get(Measure.USAGE, subscriptionId, resourceGroup, name, request);
    }

    @PutMapping({SUB + RULES + NAME, RG + RULES + NAME})
    ResponseEntity<ObjectNode> putRule(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String name,
            @RequestBody(required = false) @Nullable String body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return put(Measure.USAGE, subscriptionId, resourceGroup, name, body, ifMatch, request);
    }

    @DeleteMapping({SUB + RULES + NAME, RG + RULES + NAME})
    ResponseEntity<Void> deleteRule(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String name,
            HttpServletRequest request) {
        return delete(Measure.USAGE, subscriptionId, resourceGroup, name, request);
    }

    // ---- shared

    private Map<String, Object> list(Measure measure, String subscriptionId, @Nullable String resourceGroup,
            HttpServletRequest request) {
        BudgetScope scope = scope(measure, subscriptionId, resourceGroup, request);
        List<Object> value = new ArrayList<>();
        for (Budgets.Status s : budgets.list(scope, measure)) {
            value.add(resource(s.budget(), s.spend()));
        }
        return Map.of("value", value);
    }

    private ObjectNode get(Measure measure, String subscriptionId, @Nullable String resourceGroup, String name,
            HttpServletRequest request) {
        BudgetScope scope = scope(measure, subscriptionId, resourceGroup, request);
        Budgets.Status s = budgets.get(scope, measure, name).orElseThrow(() -> notFound(measure, name));
        return resource(s.budget(), s.spend());
    }

    private ResponseEntity<ObjectNode> put(Measure measure, String subscriptionId, @Nullable String resourceGroup,
            String name, @Nullable String body, @Nullable String ifMatch, HttpServletRequest request) {
        BudgetScope scope = scope(measure, subscriptionId, resourceGroup, request);
        if (!name.matches("[A-Za-z0-9_-]{1,63}")) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidResourceName", "A " + noun(measure)
                    + " name has 1 to 63 letters, digits, '_' or '-'.", "name");
        }
        Budget budget;
        String eTag;
        try {
            JsonNode json = BudgetJson.read(body);
            budget = BudgetJson.parse(scope, measure, name, json);
            eTag = ifMatch != null ? ifMatch : BudgetJson.eTag(json);
        } catch (BudgetJson.Invalid e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent", e.getMessage(), e.target());
        }
        Budgets.Written written = budgets.put(budget, eTag);
        Budgets.Status status = budgets.status(written.budget());
        return ResponseEntity.status(written.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(written.budget().eTag()).body(resource(status.budget(), status.spend()));
    }

    private ResponseEntity<Void> delete(Measure measure, String subscriptionId, @Nullable String resourceGroup,
            String name, HttpServletRequest request) {
        BudgetScope scope = scope(measure, subscriptionId, resourceGroup, request);
        return budgets.delete(scope, measure, name) ? ResponseEntity.ok().build()
                : ResponseEntity.noContent().build();
    }

    private BudgetScope scope(Measure measure, String subscriptionId, @Nullable String resourceGroup,
            HttpServletRequest request) {
        ArmQuery query = ArmQuery.of(request);
        if (measure == Measure.COST || query.optional(ApiVersions.PARAMETER).isPresent()) {
            // Meterwise's own APIs take no api-version; one given must be the rules' version
            ApiVersions.require(query, measure == Measure.COST ? ConsumptionApi.VERSIONS : RULE_VERSIONS);
        }
        var subscription = SubscriptionLookup.require(catalog, subscriptionId);
        return new BudgetScope(subscription.subscriptionId(), SubscriptionLookup.requireResourceGroup(resourceGroup));
    }

    static ObjectNode resource(Budget b, Spend spend) {
        ObjectNode o = BudgetJson.JSON.createObjectNode();
        boolean cost = b.measure() == Measure.COST;
        o.put("id", b.scope().armId() + (cost ? BUDGETS : RULES) + "/" + b.name());
        o.put("name", b.name());
        o.put("type", cost ? "Microsoft.Consumption/budgets" : "Meterwise/usageAlertRules");
        o.put("eTag", b.eTag());
        ObjectNode p = BudgetJson.properties(b);
        ObjectNode current = BudgetJson.JSON.createObjectNode();
        current.put("amount", spend.actual());
        current.put("unit", spend.unit());
        p.set(cost ? "currentSpend" : "currentUsage", current);
        if (cost && spend.forecast() != null) {
            ObjectNode forecast = p.putObject("forecastSpend");
            forecast.put("amount", spend.forecast());
            forecast.put("unit", spend.unit());
        }
        if (!cost) {
            ObjectNode period = p.putObject("currentPeriod");
            period.put("startDate", spend.period().start() + "T00:00:00Z");
            period.put("endDate", spend.period().end() + "T00:00:00Z");
        }
        o.set("properties", p);
        return o;
    }

    private static String noun(Measure measure) {
        return measure == Measure.COST ? "budget" : "usage alert rule";
    }

    private static ArmException notFound(Measure measure, String name) {
        return new ArmException(HttpStatus.NOT_FOUND, "ResourceNotFound", "The " + noun(measure) + " '"
                + io.meterwise.core.limits.Texts.shorten(name) + "' was not found at this scope.");
    }
}

package io.meterwise.server.http.costmanagement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.Dimension;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.odata.AndFilter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Microsoft.CostManagement Dimensions: the dimensions a query can group and filter by, and with
 * {@code $expand=properties/data} their values among the scope's charges of the window (by default the current
 * month; {@code $filter} on {@code properties/usageStart}, {@code properties/usageEnd}, {@code properties/category}).
 */
@RestController
class DimensionsApi {

    private static final String DIMENSIONS = "/providers/Microsoft.CostManagement/dimensions";
    private static final String START = "properties/usageStart";
    private static final String END = "properties/usageEnd";
    private static final String CATEGORY = "properties/category";
    private static final String EXAMPLE = "properties/category eq 'ResourceGroup' and properties/usageStart ge "
            + "'2026-03-01' and properties/usageEnd le '2026-03-31'";

    private final Catalog catalog;
    private final CostQueries queries;
    private final Clock clock;

    DimensionsApi(Catalog catalog, CostQueries queries, Clock clock) {
        this.catalog = catalog;
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/subscriptions/{subscriptionId}" + DIMENSIONS)
    Map<String, Object> subscription(@PathVariable String subscriptionId, HttpServletRequest request) {
        return list(subscriptionId, null, request);
    }

    @GetMapping("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}" + DIMENSIONS)
    Map<String, Object> resourceGroup(@PathVariable String subscriptionId, @PathVariable String resourceGroup,
            HttpServletRequest request) {
        return list(subscriptionId, resourceGroup, request);
    }

    private Map<String, Object> list(String subscriptionId, @Nullable String resourceGroup,
            HttpServletRequest request) {
        ArmQuery query = ArmQuery.of(request);
        ApiVersions.require(query, CostManagementApi.VERSIONS);
        Subscription subscription = SubscriptionLookup.require(catalog, subscriptionId);
        AndFilter filter = AndFilter.parse(query.optional("$filter").orElse(null), Set.of(START, END, CATEGORY),
                EXAMPLE);
        BillingPeriod current = BillingPeriod.containing(clock.instant());
        Instant from = current.start();
        Instant to = current.end();
        for (AndFilter.Term t : filter.terms()) {
            if (t.field().equals(START)) {
                from = instant(t.value(), false);
            } else if (t.field().equals(END)) {
                to = instant(t.value(), true);
            }
        }
        if (!to.isAfter(from)) {
            throw AndFilter.invalid(query.optional("$filter").orElse(""), "usageEnd is not after usageStart",
                    EXAMPLE);
        }
        List<String> categories = filter.on(CATEGORY).stream().map(AndFilter.Term::value).toList();
        boolean withData = query.optional("$expand").map(e -> {
            if (!e.equalsIgnoreCase("properties/data")) {
                throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidExpand", "$expand '" + e
                        + "' is not supported; use properties/data.", "$expand");
            }
            return true;
        }).orElse(false);
        int top = top(query.optional("$top").orElse(null));
        Map<Dimension, SortedSet<String>> values = queries.dimensionValues(subscription.subscriptionId(),
                resourceGroup, from, to);
        String scope = "subscriptions/" + subscription.subscriptionId()
                + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
        List<Map<String, Object>> value = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            if (!categories.isEmpty() && categories.stream().noneMatch(c -> c.equalsIgnoreCase(d.wireName()))) {
                continue;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("description", d.wireName());
            props.put("filterEnabled", true);
            props.put("groupingEnabled", true);
            SortedSet<String> data = values.get(d);
            if (withData) {
                props.put("data", data.stream().limit(top).toList());
            }
            props.put("total", data.size());
            props.put("category", d.wireName());
            props.put("usageStart", from.toString());
            props.put("usageEnd", to.toString());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", scope + "/providers/Microsoft.CostManagement/dimensions_" + d.wireName());
            item.put("name", d.wireName());
            item.put("type", "Microsoft.CostManagement/dimensions");
            item.put("properties", props);
            value.add(item);
        }
        return Map.of("value", value);
    }

    private static int top(@Nullable String top) {
        if (top == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(top.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidTop", "$top '" + top
                + "' is not a whole number from 1 to 1000.", "$top");
    }

    /** A date (whole day: an end date includes its day) or a date-time. */
    private static Instant instant(String text, boolean end) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                LocalDate day = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
                return day.plusDays(end ? 1 : 0).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw AndFilter.invalid(text, "'" + text + "' is not a date like 2026-03-01", EXAMPLE);
            }
        }
    }
}

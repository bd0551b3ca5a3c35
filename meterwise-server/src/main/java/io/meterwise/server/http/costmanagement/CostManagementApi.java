package io.meterwise.server.http.costmanagement;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.InvalidCostQuery;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.config.CostProperties;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.paging.ContinuationTokens;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Microsoft.CostManagement Query at subscription, resource-group and billing-period scope (api-versions 2022-10-01
 * and 2023-03-01), and unsupported scopes answered with 400. Pages by {@code properties.nextLink} ({@code $skiptoken}):
 * every page is computed as of the ledger position of the first, so pages never overlap or skip.
 */
@RestController
class CostManagementApi {

    static final List<String> VERSIONS = List.of("2022-10-01", "2023-03-01");
    private static final String SUB = "/subscriptions/{subscriptionId}";
    private static final String QUERY = "/providers/Microsoft.CostManagement/query";
    private static final DateTimeFormatter PERIOD_NAME = DateTimeFormatter.ofPattern("yyyyMM");

    private final Catalog catalog;
    private final CostQueries queries;
    private final ContinuationTokens tokens;
    private final CostProperties properties;
    private final Clock clock;
    private final QueryAnswers answers;

    CostManagementApi(Catalog catalog, CostQueries queries, ContinuationTokens tokens, CostProperties properties,
            Clock clock) {
        this.catalog = catalog;
        this.queries = queries;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
        this.answers = new QueryAnswers(clock);
    }

    @PostMapping(SUB + QUERY)
    Map<String, Object> subscriptionQuery(@PathVariable String subscriptionId,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request,
            @Nullable Principal principal) {
        return query(subscriptionId, null, null, body, request, principal);
    }

    @PostMapping(SUB + "/resourceGroups/{resourceGroup}" + QUERY)
    Map<String, Object> resourceGroupQuery(@PathVariable String subscriptionId, @PathVariable String resourceGroup,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request,
            @Nullable Principal principal) {
        return query(subscriptionId, resourceGroup, null, body, request, principal);
    }

    @PostMapping(SUB + "/providers/Microsoft.Billing/billingPeriods/{billingPeriodName}" + QUERY)
    Map<String, Object> billingPeriodQuery(@PathVariable String subscriptionId, @PathVariable String billingPeriodName,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request,
            @Nullable Principal principal) {
        return query(subscriptionId, null, billingPeriod(billingPeriodName), body, request, principal);
    }

    @PostMapping({"/providers/Microsoft.Billing/billingAccounts/{account}" + QUERY,
        "/providers/Microsoft.Management/managementGroups/{group}" + QUERY})
    Map<String, Object> unsupportedScope(HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), VERSIONS);
        throw unsupportedScope();
    }

    static ArmException unsupportedScope() {
        return new ArmException(HttpStatus.BAD_REQUEST, "UnsupportedScope", "Meterwise answers cost at "
                + "subscription, resource group and billing period scope: /subscriptions/{id}, "
                + "/subscriptions/{id}/resourceGroups/{name}, "
                + "/subscriptions/{id}/providers/Microsoft.Billing/billingPeriods/{yyyyMM}.", "scope");
    }

    private Map<String, Object> query(String subscriptionId, @Nullable String resourceGroup,
            @Nullable BillingPeriod period, @Nullable String body, HttpServletRequest request,
            @Nullable Principal principal) {
        ArmQuery armQuery = ArmQuery.of(request);
        ApiVersions.require(armQuery, VERSIONS);
        Subscription subscription = SubscriptionLookup.require(catalog, subscriptionId);
        QueryDefinition.Parsed parsed = QueryDefinition.parse(body);
        var window = QueryDefinition.window(parsed, clock.instant(), period);
        var query = QueryDefinition.toQuery(parsed, subscription.subscriptionId(), resourceGroup, window);
        String scope = request.getRequestURI().toLowerCase(java.util.Locale.ROOT);
        String principalId = principal == null ? "anonymous" : principal.getName();
        String fingerprint = ContinuationTokens.fingerprint(parsed.canonical(), window[0].toString(),
                window[1].toString());
        long upTo;
        int offset = 0;
        String skipToken = armQuery.optional("$skiptoken").orElse(null);
        if (skipToken != null) {
            ByteBuffer payload = ByteBuffer.wrap(tokens.verify(skipToken, principalId, scope, fingerprint));
            upTo = payload.getLong();
            offset = payload.getInt();
        } else {
            upTo = queries.position();
        }
        CostTable table;
        try {
            long at = upTo;
            table = answers.answer(new QueryAnswers.Key(principalId, scope, fingerprint, upTo), skipToken == null,
                    () -> queries.run(query, at));
        } catch (InvalidCostQuery e) {
            throw QueryDefinition.invalid(e.field(), e.getMessage());
        }
        List<List<Object>> rows = table.rows();
        int end = Math.min(rows.size(), offset + properties.queryPageSize());
        String nextLink = null;
        if (end < rows.size()) {
            String token = tokens.mint(principalId, scope, fingerprint,
                    ByteBuffer.allocate(12).putLong(upTo).putInt(end).array());
            nextLink = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("$skiptoken", token)
                    .build().encode().toUriString();
        }
        return QueryResultJson.render(scopeId(subscription.subscriptionId(), resourceGroup, period), table.columns(),
                rows.subList(Math.min(offset, rows.size()), end), nextLink);
    }

    private static String scopeId(UUID subscriptionId, @Nullable String resourceGroup, @Nullable BillingPeriod period) {
        String scope = "subscriptions/" + subscriptionId;
        if (resourceGroup != null) {
            scope += "/resourceGroups/" + resourceGroup;
        }
        if (period != null) {
            scope += "/providers/Microsoft.Billing/billingPeriods/" + period.month().format(PERIOD_NAME);
        }
        return scope;
    }

    /** {@code 202603} or {@code 202603-1} (the Billing API's names), else 400. */
    static BillingPeriod billingPeriod(String name) {
        String month = name.endsWith("-1") ? name.substring(0, name.length() - 2) : name;
        try {
            if (month.length() == 6) {
                return new BillingPeriod(YearMonth.parse(month, PERIOD_NAME));
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidBillingPeriod", "The billing period '" + name
                + "' is not a billing period name such as 202603 or 202603-1.", "billingPeriodName");
    }
}

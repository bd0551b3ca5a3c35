package io.meterwise.server.http.consumption;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.Charge;
import io.meterwise.core.cost.CostFilter;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.Dimension;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.config.CostProperties;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.PublicUrls;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.odata.AndFilter;
import io.meterwise.server.http.paging.ContinuationTokens;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Microsoft.Consumption usage details (legacy kind: one item per charge, usage records and offer terms, the costs of
 * {@link CostQueries}) and price sheets, at subscription and billing-period scope (api-versions 2021-10-01 and
 * 2024-08-01).
 */
@RestController
class ConsumptionApi {

    static final List<String> VERSIONS = List.of("2021-10-01", "2024-08-01");
    private static final String SUB = "/subscriptions/{subscriptionId}";
    private static final String PERIOD = "/providers/Microsoft.Billing/billingPeriods/{billingPeriodName}";
    private static final String DETAILS = "/providers/Microsoft.Consumption/usageDetails";
    private static final String SHEET = "/providers/Microsoft.Consumption/pricesheets/default";
    private static final DateTimeFormatter PERIOD_NAME = DateTimeFormatter.ofPattern("yyyyMM");
    private static final String START = "properties/usageStart";
    private static final String END = "properties/usageEnd";
    private static final String RESOURCE_GROUP = "properties/resourceGroup";
    private static final String RESOURCE_NAME = "properties/resourceName";
    private static final String RESOURCE_ID = "properties/resourceId";
    private static final String CHARGE_TYPE = "properties/chargeType";
    private static final String RESERVATION_ID = "properties/reservationId";
    private static final String PUBLISHER_TYPE = "properties/publisherType";
    private static final String TAGS = "tags";
    private static final Set<String> FIELDS = Set.of(START, END, RESOURCE_GROUP, RESOURCE_NAME, RESOURCE_ID,
            CHARGE_TYPE, RESERVATION_ID, PUBLISHER_TYPE, TAGS);
    private static final String EXAMPLE = "properties/usageStart ge '2026-03-01' and properties/usageEnd le "
            + "'2026-03-31' and properties/resourceGroup eq 'web' and tags eq 'env:prod'";

    private final Catalog catalog;
    private final CostQueries queries;
    private final ContinuationTokens tokens;
    private final CostProperties properties;
    private final Clock clock;
    private final PublicUrls urls;

    ConsumptionApi(Catalog catalog, CostQueries queries, ContinuationTokens tokens, CostProperties properties,
            Clock clock, PublicUrls urls) {
        this.catalog = catalog;
        this.queries = queries;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
        this.urls = urls;
    }

    // ---- usage details

    @GetMapping(SUB + DETAILS)
    Map<String, Object> usageDetails(@PathVariable String subscriptionId, HttpServletRequest request,
            @Nullable Principal principal) {
        return details(subscriptionId, null, request, principal);
    }

    @GetMapping(SUB + PERIOD + DETAILS)
    Map<String, Object> periodUsageDetails(@PathVariable String subscriptionId, @PathVariable String billingPeriodName,
            HttpServletRequest request, @Nullable Principal principal) {
        return details(subscriptionId, billingPeriod(billingPeriodName), request, principal);
    }

    private Map<String, Object> details(String subscriptionId, @Nullable BillingPeriod period,
            HttpServletRequest request, @Nullable Principal principal) {
        ArmQuery query = ArmQuery.of(request);
        ApiVersions.require(query, VERSIONS);
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        String metric = query.optional("metric").map(m -> m.trim().toLowerCase(Locale.ROOT)).orElse("actualcost");
        if (!Set.of("actualcost", "amortizedcost", "usage").contains(metric)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidMetric", "metric '" + metric
                    + "' is not supported; use actualcost, amortizedcost or usage.", "metric");
        }
        Set<String> expand = expand(query.optional("$expand").orElse(null),
                Set.of("properties/meterDetails", "properties/additionalInfo"));
        String filterText = query.optional("$filter").orElse(null);
        AndFilter filter = AndFilter.parse(filterText, FIELDS, EXAMPLE);
        BillingPeriod current = period != null ? period : BillingPeriod.containing(clock.instant());
        Instant from = current.start();
        Instant to = current.end();
        List<CostFilter> parts = new ArrayList<>();
        List<Predicate<Charge>> extra = new ArrayList<>();
        for (AndFilter.Term t : filter.terms()) {
            switch (t.field()) {
                case START -> from = bound(t, filterText, false);
                case END -> to = bound(t, filterText, true);
                case RESOURCE_GROUP -> parts.add(new CostFilter.DimensionIn(Dimension.RESOURCE_GROUP, Set.of(eq(t,
                        filterText))));
                case RESOURCE_ID -> parts.add(new CostFilter.DimensionIn(Dimension.RESOURCE_ID, Set.of(eq(t,
                        filterText))));
                case CHARGE_TYPE -> parts.add(new CostFilter.DimensionIn(Dimension.CHARGE_TYPE, Set.of(eq(t,
                        filterText))));
                case RESOURCE_NAME -> {
                    String name = eq(t, filterText);
                    extra.add(c -> resourceName(c.resourceUri()).equalsIgnoreCase(name));
                }
                case RESERVATION_ID -> {
                    String id = eq(t, filterText);
                    extra.add(c -> id.isEmpty());
                }
                case PUBLISHER_TYPE -> {
                    String type = eq(t, filterText);
                    extra.add(c -> type.equalsIgnoreCase("Azure"));
                }
                default -> {
                    String tag = eq(t, filterText);
                    int colon = tag.indexOf(':');
                    if (colon <= 0) {
                        throw AndFilter.invalid(filterText, "a tag filter is tags eq 'key:value'", EXAMPLE);
                    }
                    parts.add(new CostFilter.TagIn(tag.substring(0, colon), Set.of(tag.substring(colon + 1))));
                }
            }
        }
        if (period != null && (from.isBefore(period.start()) || to.isAfter(period.end()))) {
            from = from.isBefore(period.start()) ? period.start() : from;
            to = to.isAfter(period.end()) ? period.end() : to;
        }
        CostFilter costFilter = parts.isEmpty() ? null : new CostFilter.And(parts);
        int top = top(query.optional("$top").orElse(null));
        String principalId = principal == null ? "anonymous" : principal.getName();
        String scope = request.getRequestURI().toLowerCase(Locale.ROOT);
        String fingerprint = ContinuationTokens.fingerprint("keyset", metric, String.valueOf(expand),
                String.valueOf(filterText), String.valueOf(top), query.optional("api-version").orElse(""));
        String skipToken = query.optional("$skiptoken").orElse(null);
        UsageDetailsToken resumed = skipToken == null ? null
                : UsageDetailsToken.decode(tokens.verify(skipToken, principalId, scope, fingerprint));
        long upTo = resumed != null ? resumed.upTo() : queries.position();
        int listedBefore = resumed != null ? resumed.listed() : 0;
        int limit = Math.min(top - listedBefore, properties.listPageSize());
        List<Charge> page = new ArrayList<>();
        CostQueries.Cursor[] last = {resumed != null ? resumed.cursor() : null};
        boolean more = limit > 0 && queries.list(s.subscriptionId(), from, to,
                c -> (costFilter == null || costFilter.matches(c)) && extra.stream().allMatch(p -> p.test(c)), upTo,
                last[0], limit, (c, next) -> {
                    page.add(c);
                    last[0] = next;
                });
        more = more && listedBefore + page.size() < top;
        String prefix = "/subscriptions/" + s.subscriptionId()
                + (period == null ? "" : "/providers/Microsoft.Billing/billingPeriods/" + period.month().format(PERIOD_NAME));
        List<Map<String, Object>> value = new ArrayList<>();
        for (Charge c : page) {
            value.add(UsageDetailJson.render(prefix, s, c, expand));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        if (more) {
            String token = tokens.mint(principalId, scope, fingerprint,
                    new UsageDetailsToken(upTo, listedBefore + page.size(), last[0]).encode());
            // the filter exactly as sent: re-encoding the request's query would encode its %XX again
            body.put("nextLink", urls.nextLink(request, "$skiptoken", token));
        }
        return body;
    }

    // ---- price sheets

    @GetMapping(SUB + SHEET)
    Map<String, Object> priceSheet(@PathVariable String subscriptionId, HttpServletRequest request,
            @Nullable Principal principal) {
        return sheet(subscriptionId, null, request, principal);
    }

    @GetMapping(SUB + PERIOD + SHEET)
    Map<String, Object> periodPriceSheet(@PathVariable String subscriptionId, @PathVariable String billingPeriodName,
            HttpServletRequest request, @Nullable Principal principal) {
        return sheet(subscriptionId, billingPeriod(billingPeriodName), request, principal);
    }

    private Map<String, Object> sheet(String subscriptionId, @Nullable BillingPeriod requested,
            HttpServletRequest request, @Nullable Principal principal) {
        ArmQuery query = ArmQuery.of(request);
        ApiVersions.require(query, VERSIONS);
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        Set<String> expand = expand(query.optional("$expand").orElse(null), Set.of("properties/meterDetails"));
        int top = top(query.optional("$top").orElse(null));
        BillingPeriod period = requested != null ? requested : BillingPeriod.containing(clock.instant());
        PriceList prices = catalog.priceList(s.priceListKey()).orElseGet(() -> PriceList.of(s.priceListKey(),
                List.of()));
        // one row per meter, price version in force in the period, and tier; meters in id order
        TreeMap<String, UUID> meters = new TreeMap<>();
        prices.meterIds().forEach(m -> meters.put(m.toString(), m));
        List<PriceSheetJson.Row> rows = new ArrayList<>();
        for (UUID meterId : meters.values()) {
            List<MeterPrice> versions = prices.versions(meterId);
            for (int i = 0; i < versions.size(); i++) {
                MeterPrice v = versions.get(i);
                Instant until = i + 1 < versions.size() ? versions.get(i + 1).effectiveFrom() : Instant.MAX;
                if (v.effectiveFrom().isBefore(period.end()) && until.isAfter(period.start())) {
                    for (Map.Entry<BigDecimal, BigDecimal> tier : v.tiers().entrySet()) {
                        rows.add(new PriceSheetJson.Row(meterId, v, tier.getKey(), tier.getValue()));
                    }
                }
            }
        }
        String principalId = principal == null ? "anonymous" : principal.getName();
        String scope = request.getRequestURI().toLowerCase(Locale.ROOT);
        String fingerprint = ContinuationTokens.fingerprint(String.valueOf(expand), String.valueOf(top),
                period.toString());
        int offset = 0;
        String skipToken = query.optional("$skiptoken").orElse(null);
        if (skipToken != null) {
            offset = Integer.parseInt(new String(tokens.verify(skipToken, principalId, scope, fingerprint),
                    StandardCharsets.UTF_8));
        }
        int end = Math.min(Math.min(rows.size(), top), offset + properties.listPageSize());
        String nextLink = null;
        if (end < Math.min(rows.size(), top)) {
            String token = tokens.mint(principalId, scope, fingerprint,
                    String.valueOf(end).getBytes(StandardCharsets.UTF_8));
            nextLink = urls.nextLink(request, "$skiptoken", token);
        }
        Map<UUID, Meter> meterDetails = new LinkedHashMap<>();
        if (!expand.isEmpty()) {
            for (PriceSheetJson.Row r : rows.subList(Math.min(offset, end), end)) {
                catalog.meter(r.meterId()).ifPresent(m -> meterDetails.put(r.meterId(), m));
            }
        }
        return PriceSheetJson.render(s, period, rows.subList(Math.min(offset, end), end), meterDetails,
                requested != null, nextLink);
    }

    // ---- shared

    private static Set<String> expand(@Nullable String expand, Set<String> allowed) {
        if (expand == null || expand.isBlank()) {
            return Set.of();
        }
        Set<String> result = new java.util.TreeSet<>();
        for (String part : expand.split(",")) {
            String wanted = part.trim();
            String match = allowed.stream().filter(a -> a.equalsIgnoreCase(wanted)).findFirst().orElseThrow(
                    () -> new ArmException(HttpStatus.BAD_REQUEST, "InvalidExpand", "$expand '" + wanted
                            + "' is not supported; use " + String.join(" or ", new java.util.TreeSet<>(allowed))
                            + ".", "$expand"));
            result.add(match);
        }
        return result;
    }

    private static int top(@Nullable String top) {
        if (top == null) {
            return Integer.MAX_VALUE;
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

    private static String eq(AndFilter.Term t, @Nullable String filter) {
        if (!t.operator().equals("eq")) {
            throw AndFilter.invalid(filter, t.field() + " can only be compared with eq", EXAMPLE);
        }
        return t.value();
    }

    /** The bound of a date comparison: start terms move the start, end terms the (exclusive) end. */
    private static Instant bound(AndFilter.Term t, @Nullable String filter, boolean end) {
        if (end ? t.operator().equals("ge") || t.operator().equals("gt")
                : t.operator().equals("le") || t.operator().equals("lt")) {
            throw AndFilter.invalid(filter, t.field() + " can only be compared with " + (end ? "le or lt" : "ge or gt"),
                    EXAMPLE);
        }
        Instant at;
        boolean wholeDay;
        try {
            at = OffsetDateTime.parse(t.value()).toInstant();
            wholeDay = false;
        } catch (DateTimeParseException e) {
            try {
                at = LocalDate.parse(t.value().length() > 10 ? t.value().substring(0, 10) : t.value())
                        .atStartOfDay(ZoneOffset.UTC).toInstant();
                wholeDay = true;
            } catch (DateTimeParseException e2) {
                throw AndFilter.invalid(filter, "'" + t.value() + "' is not a date like 2026-03-01", EXAMPLE);
            }
        }
        // a window is [start, end): a day compared with le (or gt) includes (or skips) the whole day
        return switch (t.operator()) {
            case "gt", "le", "eq" -> wholeDay ? at.plus(java.time.Duration.ofDays(1)) : at.plusNanos(1);
            default -> at; // ge, lt
        };
    }

    static String resourceName(String resourceUri) {
        int slash = resourceUri.lastIndexOf('/');
        return slash < 0 ? resourceUri : resourceUri.substring(slash + 1);
    }

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

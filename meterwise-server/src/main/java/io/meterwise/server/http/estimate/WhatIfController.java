package io.meterwise.server.http.estimate;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.estimate.Counterparts;
import io.meterwise.core.estimate.InvalidWorkloadException;
import io.meterwise.core.estimate.WhatIf;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageHistory;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmError;
import tools.jackson.databind.JsonNode;

/**
 * What-if comparisons (docs/estimates.md): {@code POST /subscriptions/{id}/providers/Meterwise/whatIf} reprices the
 * subscription's usage of a billing period (default: the current one, month to date) under alternatives, each a full
 * rating run, and optionally ranks every region. The usage is read once.
 */
@RestController
class WhatIfController {

    private final Catalog catalog;
    private final UsageHistory history;
    private final Clock clock;

    WhatIfController(Catalog catalog, UsageHistory history, Clock clock) {
        this.catalog = catalog;
        this.history = history;
        this.clock = clock;
    }

    /** One requested alternative, validated, before the usage is read. */
    private record Planned(String name, PriceList priceList, Offer offer, String moveToRegion, String swapFrom,
            String swapTo, Predicate<UsageHistory.Slice> scope, boolean scoped) {
    }

    @PostMapping(path = "/subscriptions/{subscriptionId}/providers/Meterwise/whatIf",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> whatIf(@PathVariable String subscriptionId, @RequestBody(required = false) String body) {
        Subscription subscription = SubscriptionLookup.require(catalog, subscriptionId);
        JsonNode json = WorkloadReader.json(body);
        List<String> problems = new ArrayList<>();
        BillingPeriod period = period(json, problems);
        Offer ownOffer = catalog.offer(subscription.offerDurableId()).orElse(null);
        PriceList ownList = catalog.priceList(subscription.priceListKey()).orElse(null);
        if (ownOffer == null || ownList == null) {
            problems.add("the subscription's offer or price list is not in the catalog");
        }
        Counterparts counterparts = new Counterparts(catalog.meters());
        List<Planned> planned = new ArrayList<>();
        JsonNode alternatives = json.get("alternatives");
        if (alternatives != null && !alternatives.isArray()) {
            problems.add("'alternatives' must be an array");
        } else if (alternatives != null) {
            int i = 0;
            for (JsonNode a : alternatives) {
                i++;
                plan(a, "alternatives[" + (i - 1) + "]", subscription, counterparts, problems).ifPresent(planned::add);
            }
        }
        boolean rank = json.has("rankRegions") && json.get("rankRegions").asBoolean(false);
        if (planned.isEmpty() && !rank) {
            problems.add("give at least one alternative or \"rankRegions\": true");
        }
        if (!problems.isEmpty()) {
            throw new InvalidWorkloadException(problems);
        }
        boolean byResource = planned.stream().anyMatch(p -> p.scoped() || p.moveToRegion() != null
                || p.swapFrom() != null);
        List<UsageHistory.Slice> usage = new ArrayList<>();
        history.scan(subscription.subscriptionId(), period.start(), period.end(), byResource, usage::add);
        WhatIf whatIf = new WhatIf(period, usage, ownList, ownOffer);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subscriptionId", subscription.subscriptionId().toString());
        out.put("billingPeriod", period.month().toString().replace("-", "") + "-1");
        out.put("actual", rated(whatIf.actual()));
        List<Map<String, Object>> results = new ArrayList<>();
        for (Planned p : planned) {
            WhatIf.Mapping mapping = WhatIf.SAME_METERS;
            if (p.moveToRegion() != null) {
                mapping = WhatIf.regionMove(counterparts, catalog::meter, p.moveToRegion(), p.scope());
            } else if (p.swapFrom() != null) {
                mapping = WhatIf.skuSwap(counterparts, catalog::meter, p.swapFrom(), p.swapTo(), p.scope());
            }
            results.add(outcome(whatIf, whatIf.run(new WhatIf.Alternative(p.name(), p.priceList(), p.offer(),
                    mapping))));
        }
        out.put("alternatives", results);
        if (rank) {
            List<Map<String, Object>> ranking = new ArrayList<>();
            List<WhatIf.Outcome> outcomes = new ArrayList<>();
            for (String region : counterparts.regions()) {
                outcomes.add(whatIf.run(new WhatIf.Alternative(region, ownList, ownOffer,
                        WhatIf.regionMove(counterparts, catalog::meter, region, s -> true))));
            }
            // a region that cannot price all of the usage is not comparable: it comes after those that can
            outcomes.sort(Comparator.comparing((WhatIf.Outcome o) -> o.unpriced().size())
                    .thenComparing(o -> o.rated().total().amount()).thenComparing(WhatIf.Outcome::name));
            for (WhatIf.Outcome o : outcomes) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("armRegionName", o.name());
                r.put("total", EstimateWire.money(o.rated().total()));
                r.put("delta", EstimateWire.money(o.rated().total().minus(whatIf.actual().total())));
                r.put("unmappedMeters", o.unmapped().size());
                r.put("unpricedMeters", o.unpriced().size());
                ranking.add(r);
            }
            out.put("regionRanking", ranking);
        }
        return out;
    }

    private Optional<Planned> plan(JsonNode a, String at, Subscription subscription, Counterparts counterparts,
            List<String> problems) {
        if (!a.isObject()) {
            problems.add(at + " must be a JSON object");
            return Optional.empty();
        }
        String name = a.has("name") ? a.get("name").asString() : at;
        int before = problems.size();
        String offerId = a.has("offerDurableId") ? a.get("offerDurableId").asString() : subscription.offerDurableId();
        String currency = a.has("currency") ? a.get("currency").asString() : subscription.currency().getCurrencyCode();
        String regionInfo = a.has("regionInfo") ? a.get("regionInfo").asString() : subscription.regionInfo();
        Offer offer = null;
        PriceList priceList = null;
        try {
            PriceListKey key = new PriceListKey(offerId, Currency.getInstance(currency.strip().toUpperCase(Locale.ROOT)),
                    regionInfo);
            offer = catalog.offer(key.offerDurableId()).orElse(null);
            if (offer == null) {
                problems.add(at + ": unknown offer '" + offerId + "'");
            } else {
                priceList = catalog.priceList(key).orElse(null);
                if (priceList == null) {
                    problems.add(at + ": offer " + key.offerDurableId() + " has no price list in currency "
                            + key.currency().getCurrencyCode() + " for RegionInfo " + key.regionInfo());
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(at + ": unknown offer, currency or RegionInfo (" + offerId + ", " + currency + ", "
                    + regionInfo + "): " + e.getMessage());
        }
        String region = a.has("moveToRegion") ? a.get("moveToRegion").asString().toLowerCase(Locale.ROOT) : null;
        if (region != null && !counterparts.regions().contains(region)) {
            problems.add(at + ": unknown region '" + region + "'; the regions are " + counterparts.regions());
        }
        String from = null;
        String to = null;
        JsonNode swap = a.get("skuSwap");
        if (swap != null) {
            from = swap.has("from") ? swap.get("from").asString() : null;
            to = swap.has("to") ? swap.get("to").asString() : null;
            for (String sku : new String[] {from, to}) {
                if (sku == null || catalog.meters().stream().noneMatch(m -> m.product().armSkuName()
                        .equalsIgnoreCase(sku))) {
                    problems.add(at + ": unknown SKU '" + sku + "' in skuSwap");
                }
            }
            if (region != null) {
                problems.add(at + ": give moveToRegion or skuSwap, not both");
            }
        }
        Predicate<UsageHistory.Slice> scope = scope(a.get("scope"), at, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Planned(name, priceList, offer, region, from, to, scope, a.has("scope")));
    }

    /** {@code {"resource": uri}}, {@code {"resourceGroup": name}} or {@code {"tag": "key=value"}}; absent: all. */
    private static Predicate<UsageHistory.Slice> scope(JsonNode scope, String at, List<String> problems) {
        if (scope == null || scope.isNull()) {
            return s -> true;
        }
        if (scope.has("resource")) {
            String uri = scope.get("resource").asString();
            return s -> s.resourceUri().equalsIgnoreCase(uri);
        }
        if (scope.has("resourceGroup")) {
            String group = scope.get("resourceGroup").asString();
            return s -> group.equalsIgnoreCase(resourceGroup(s.resourceUri()));
        }
        if (scope.has("tag")) {
            String tag = scope.get("tag").asString();
            int eq = tag.indexOf('=');
            if (eq <= 0) {
                problems.add(at + ".scope.tag must be key=value");
                return s -> false;
            }
            String key = tag.substring(0, eq);
            String value = tag.substring(eq + 1);
            return s -> value.equals(s.tags().get(key));
        }
        problems.add(at + ".scope must name resource, resourceGroup or tag");
        return s -> false;
    }

    /** The {rg} of /subscriptions/{id}/resourceGroups/{rg}/...; empty when the URI has none. */
    static String resourceGroup(String resourceUri) {
        String[] segments = resourceUri.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equalsIgnoreCase("resourceGroups")) {
                return segments[i + 1];
            }
        }
        return "";
    }

    private BillingPeriod period(JsonNode json, List<String> problems) {
        JsonNode value = json.get("billingPeriod");
        if (value == null || value.isNull()) {
            return BillingPeriod.containing(clock.instant());
        }
        String text = value.asString();
        try {
            if (text.matches("\\d{6}-1")) {
                return new BillingPeriod(YearMonth.parse(text.substring(0, 4) + "-" + text.substring(4, 6)));
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        problems.add("billingPeriod must be a period name like 202611-1, was '" + text + "'");
        return BillingPeriod.containing(clock.instant());
    }

    private static Map<String, Object> rated(RatedPeriod rated) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", rated.currency().getCurrencyCode());
        out.put("usageCharges", EstimateWire.money(rated.usageCharges()));
        out.put("terms", EstimateWire.terms(rated));
        out.put("total", EstimateWire.money(rated.total()));
        return out;
    }

    private static Map<String, Object> outcome(WhatIf whatIf, WhatIf.Outcome o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", o.name());
        out.putAll(rated(o.rated()));
        boolean sameCurrency = o.rated().currency().equals(whatIf.actual().currency());
        out.put("delta", sameCurrency ? EstimateWire.money(o.rated().total().minus(whatIf.actual().total())) : null);
        List<Map<String, Object>> deltas = new ArrayList<>();
        for (WhatIf.MeterDelta d : o.meterDeltas()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fromMeterIds", d.fromMeterIds().stream().map(Object::toString).toList());
            m.put("toMeterIds", d.toMeterIds().stream().map(Object::toString).toList());
            m.put("actual", EstimateWire.money(d.actual()));
            m.put("alternative", EstimateWire.money(d.alternative()));
            m.put("delta", sameCurrency ? EstimateWire.money(d.alternative().minus(d.actual())) : null);
            deltas.add(m);
        }
        out.put("meterDeltas", deltas);
        out.put("unmapped", flagged(o.unmapped()));
        out.put("unpriced", flagged(o.unpriced()));
        return out;
    }

    private static List<Map<String, Object>> flagged(List<WhatIf.Flagged> flagged) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WhatIf.Flagged f : flagged) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("meterId", f.meterId().toString());
            m.put("reason", f.reason());
            m.put("quantity", EstimateWire.quantity(f.quantity()));
            m.put("resources", f.resources());
            out.add(m);
        }
        return out;
    }

    @ExceptionHandler(InvalidWorkloadException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidWorkloadException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ArmError.body("InvalidWhatIf", e.getMessage(), null));
    }
}

package io.meterwise.server.http.estimate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.estimate.Estimator;
import io.meterwise.core.estimate.InvalidWorkloadException;
import io.meterwise.core.estimate.MeterResolver;
import io.meterwise.core.estimate.WorkloadLine;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageHistory;
import io.meterwise.server.http.SubscriptionLookup;
import tools.jackson.databind.JsonNode;

/**
 * Pre-consumption estimates (docs/estimates.md): {@code POST /subscriptions/{id}/providers/Meterwise/estimate} (the
 * marginal cost for the rest of the period and a full month, on this subscription's position) and
 * {@code POST /providers/Meterwise/estimate} (a list-price quote for an offer, currency and country). JSON or CSV.
 */
@RestController
class EstimateController {

    private final Catalog catalog;
    private final UsageHistory history;
    private final Clock clock;

    private final String publishedOffer;

    EstimateController(Catalog catalog, UsageHistory history, Clock clock,
            @Value("${meterwise.retail-prices.offer:MS-AZR-0003P}") String publishedOffer) {
        this.catalog = catalog;
        this.history = history;
        this.clock = clock;
        this.publishedOffer = Offer.normalizeDurableId(publishedOffer);
    }

    @PostMapping(path = "/subscriptions/{subscriptionId}/providers/Meterwise/estimate",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> estimate(@PathVariable String subscriptionId, @RequestBody(required = false) String body) {
        Subscription subscription = SubscriptionLookup.require(catalog, subscriptionId);
        return estimate(subscription, WorkloadReader.lines(WorkloadReader.json(body)));
    }

    @PostMapping(path = "/subscriptions/{subscriptionId}/providers/Meterwise/estimate", consumes = "text/csv")
    Map<String, Object> estimateCsv(@PathVariable String subscriptionId, @RequestBody(required = false) String body) {
        Subscription subscription = SubscriptionLookup.require(catalog, subscriptionId);
        return estimate(subscription, WorkloadReader.csv(body));
    }

    @PostMapping(path = "/providers/Meterwise/estimate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> quote(@RequestBody(required = false) String body) {
        JsonNode json = WorkloadReader.json(body);
        List<String> problems = new ArrayList<>();
        String offerId = text(json, "offerDurableId", problems);
        String currencyCode = text(json, "currency", problems);
        String regionInfo = text(json, "regionInfo", problems);
        List<WorkloadLine> lines;
        try {
            lines = WorkloadReader.lines(json);
        } catch (InvalidWorkloadException e) {
            problems.addAll(e.problems());
            lines = List.of();
        }
        Offer offer = null;
        PriceList priceList = null;
        if (offerId != null && currencyCode != null && regionInfo != null) {
            try {
                PriceListKey key = new PriceListKey(offerId, Currency.getInstance(currencyCode.strip()
                        .toUpperCase(Locale.ROOT)), regionInfo);
                offer = catalog.offer(key.offerDurableId()).orElse(null);
                if (offer == null) {
                    problems.add("unknown offer '" + offerId + "'");
                } else if (!offer.durableId().equals(publishedOffer)) {
                    // only the published offer's prices are public; other offers are estimated on a subscription
                    problems.add("list-price quotes are for the published offer " + publishedOffer + "; estimate "
                            + "other offers on a subscription of that offer");
                    offer = null;
                } else {
                    priceList = catalog.priceList(key).orElse(null);
                    if (priceList == null) {
                        problems.add("offer " + key.offerDurableId() + " has no price list in currency "
                                + key.currency().getCurrencyCode() + " for RegionInfo " + key.regionInfo());
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add("offerDurableId, currency and regionInfo must be like MS-AZR-0003P, USD and US: "
                        + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidWorkloadException(problems);
        }
        Instant now = clock.instant();
        Resolved resolved = resolve(lines, priceList, now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("offerDurableId", offer.durableId());
        out.put("currency", priceList.key().currency().getCurrencyCode());
        out.put("regionInfo", priceList.key().regionInfo());
        out.put("fullMonth", EstimateWire.scenario(new Estimator(priceList, offer).fullMonth(now, resolved.meters())));
        out.put("unresolved", resolved.unresolved());
        return out;
    }

    private Map<String, Object> estimate(Subscription subscription, List<WorkloadLine> lines) {
        Offer offer = catalog.offer(subscription.offerDurableId()).orElseThrow(() -> new InvalidWorkloadException(
                List.of("the subscription's offer " + subscription.offerDurableId() + " is not in the catalog")));
        PriceList priceList = catalog.priceList(subscription.priceListKey()).orElseThrow(() ->
                new InvalidWorkloadException(List.of("nothing is priced for the subscription's offer, currency and "
                        + "RegionInfo")));
        Instant now = clock.instant();
        Resolved resolved = resolve(lines, priceList, now);
        BillingPeriod period = BillingPeriod.containing(now);
        List<UsageHistory.Slice> soFar = new ArrayList<>();
        history.scan(subscription.subscriptionId(), period.start(), period.end(), false, soFar::add);
        Estimator estimator = new Estimator(priceList, offer);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subscriptionId", subscription.subscriptionId().toString());
        out.put("offerDurableId", offer.durableId());
        out.put("currency", subscription.currency().getCurrencyCode());
        out.put("regionInfo", subscription.regionInfo());
        out.put("marginal", EstimateWire.scenario(estimator.marginal(now, soFar, resolved.meters())));
        out.put("fullMonth", EstimateWire.scenario(estimator.fullMonth(now, resolved.meters())));
        out.put("unresolved", resolved.unresolved());
        return out;
    }

    private record Resolved(Map<WorkloadLine, Meter> meters, List<Map<String, Object>> unresolved) {
    }

    private Resolved resolve(List<WorkloadLine> lines, PriceList priceList, Instant now) {
        MeterResolver resolver = new MeterResolver(catalog);
        Map<WorkloadLine, Meter> meters = new LinkedHashMap<>();
        List<Map<String, Object>> unresolved = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Instant at = Estimator.startHour(now);
        for (WorkloadLine line : lines) {
            MeterResolver.Resolution resolution = resolver.resolve(line.meter(), priceList, at);
            if (resolution instanceof MeterResolver.Resolved r) {
                meters.put(line, r.meter());
            } else if (resolution instanceof MeterResolver.Unresolved u) {
                unresolved.add(Map.of("line", line.number(), "meter", line.meter().describe(), "reason", u.reason()));
            } else if (resolution instanceof MeterResolver.Problem p) {
                problems.add("line " + line.number() + ": " + p.message());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidWorkloadException(problems);
        }
        return new Resolved(meters, unresolved);
    }

    private static String text(JsonNode json, String field, List<String> problems) {
        JsonNode value = json.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            problems.add("'" + field + "' is required");
            return null;
        }
        return value.asString();
    }

    @ExceptionHandler(InvalidWorkloadException.class)
    org.springframework.http.ResponseEntity<Map<String, Object>> invalid(InvalidWorkloadException e) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(io.meterwise.server.http.error.ArmError.body("InvalidWorkload", e.getMessage(), null));
    }
}

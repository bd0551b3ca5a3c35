package io.meterwise.server.http.operator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.CatalogStore.PriceVersionOutcome;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerms;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.http.error.ArmError;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;

/**
 * Operator API for price versions: {@code /providers/Meterwise/prices}. A version is identified by (offer, currency,
 * regionInfo, meter, effectiveFrom) and never overwritten: sending it again unchanged is a no-op, sending different
 * content is a 409. An array is all or nothing.
 */
@RestController
class PriceController {

    private final CatalogStore catalog;
    private final Invoices invoices;
    /** Serializes this API's check-then-write, so two operator requests cannot interleave between the two. */
    private final Object writes = new Object();

    PriceController(CatalogStore catalog, Invoices invoices) {
        this.catalog = catalog;
        this.invoices = invoices;
    }

    /** A price version on the wire; numbers are strings, kept exact. {@code outcome} only in answers to POST. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PriceWire(String offerDurableId, String currency, String regionInfo, String meterId, String effectiveFrom,
            String includedQuantity, Map<String, String> rates, String outcome) {
        static PriceWire of(PriceListKey key, MeterPrice price, String outcome) {
            Map<String, String> rates = new LinkedHashMap<>();
            price.tiers().forEach((threshold, rate) -> rates.put(threshold.toPlainString(), rate.toPlainString()));
            return new PriceWire(key.offerDurableId(), key.currency().getCurrencyCode(), key.regionInfo(),
                    price.meterId().toString(), price.effectiveFrom().toString(),
                    price.includedQuantity().toPlainString(), rates, outcome);
        }
    }

    /** One price version of the request; {@code where} names it in errors ({@code [2]}, or empty for one object). */
    private record Sent(String where, PriceListKey key, MeterPrice price) {
    }

    /** A version of the request that differs from the stored (or an earlier sent) one at the same identity. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConflictWire(String at, PriceWire sent, PriceWire stored) {
    }

    @PostMapping(path = "/providers/Meterwise/prices", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> add(@RequestBody(required = false) String json) {
        JsonNode root = Body.parse(json);
        List<Sent> sent = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw Body.invalid("", "the array holds no price version");
            }
            int i = 0;
            for (JsonNode node : root) {
                String where = "[" + i++ + "]";
                sent.add(read(Body.element(node, where), where));
            }
        } else {
            sent.add(read(Body.of(root), ""));
        }
        List<PriceVersionOutcome> outcomes;
        synchronized (writes) {
            List<ConflictWire> conflicts = new ArrayList<>();
            outcomes = plan(sent, conflicts);
            if (!conflicts.isEmpty()) {
                return conflict(conflicts);
            }
            refuseInsideInvoicedPeriods(sent, outcomes);
            store(sent, outcomes);
        }
        List<PriceWire> answer = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            answer.add(PriceWire.of(sent.get(i).key(), sent.get(i).price(),
                    outcomes.get(i).name().toLowerCase(java.util.Locale.ROOT)));
        }
        HttpStatus status = outcomes.contains(PriceVersionOutcome.CREATED) ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).body(root.isArray() ? new Listing<>(answer) : answer.get(0));
    }

    @GetMapping("/providers/Meterwise/prices")
    Listing<PriceWire> list(@RequestParam(required = false) String offerDurableId,
            @RequestParam(required = false) String currency, @RequestParam(required = false) String regionInfo,
            @RequestParam(required = false) String meterId) {
        PriceListKey key = CatalogRequests.build(() -> new PriceListKey(
                offer(required("offerDurableId", offerDurableId)),
                Body.currency("currency", required("currency", currency)),
                region(required("regionInfo", regionInfo))));
        UUID meter = meterId == null || meterId.isBlank() ? null : Body.uuid("meterId", meterId);
        List<PriceWire> versions = new ArrayList<>();
        catalog.priceList(key).ifPresent(list -> list.meterIds().stream()
                .filter(m -> meter == null || m.equals(meter)).sorted()
                .forEach(m -> list.versions(m).forEach(v -> versions.add(PriceWire.of(key, v, null)))));
        return new Listing<>(versions);
    }

    private Sent read(Body body, String where) {
        String offer = body.offerDurableId("offerDurableId");
        Currency currency = body.currency("currency");
        String region = body.regionInfo("regionInfo");
        UUID meter = body.uuid("meterId");
        Instant from = body.instant("effectiveFrom");
        BigDecimal included = body.optionalDecimal("includedQuantity", BigDecimal.ZERO);
        var rates = body.decimalMap("rates");
        var known = catalog.offer(offer);
        if (known.isEmpty()) {
            throw Body.invalid(body.name("offerDurableId"), "names the unknown offer '" + offer
                    + "'; create it first with PUT /providers/Meterwise/offers/" + offer);
        }
        List<String> missing = OfferTerms.missingIn(known.get(), List.of(currency));
        if (!missing.isEmpty()) { // ADR 0012: the price list would silently lose those terms
            throw Body.invalid(body.name("currency"), "is not a currency every term of the offer has an amount in: "
                    + String.join("; ", missing) + ". Add the terms in " + currency.getCurrencyCode()
                    + " with PUT /providers/Meterwise/offers/" + offer + " first; nothing was stored.");
        }
        if (catalog.meter(meter).isEmpty()) {
            throw Body.invalid(body.name("meterId"), "names the unknown meter '" + meter
                    + "'; create it first with PUT /providers/Meterwise/meters/" + meter);
        }
        MeterPrice price = CatalogRequests.build(where, () -> new MeterPrice(meter, from, included, rates));
        return new Sent(where, new PriceListKey(offer, currency, region), price);
    }

    /** The outcome of each sent version against the store and the versions sent before it; conflicts are collected. */
    private List<PriceVersionOutcome> plan(List<Sent> sent, List<ConflictWire> conflicts) {
        record Identity(PriceListKey key, UUID meter, Instant effectiveFrom) {
        }
        Map<Identity, MeterPrice> earlier = new HashMap<>();
        List<PriceVersionOutcome> outcomes = new ArrayList<>();
        for (Sent s : sent) {
            Identity identity = new Identity(s.key(), s.price().meterId(), s.price().effectiveFrom());
            MeterPrice stored = catalog.priceList(s.key())
                    .flatMap(list -> list.versions(s.price().meterId()).stream()
                            .filter(v -> v.effectiveFrom().equals(s.price().effectiveFrom())).findFirst())
                    .orElse(earlier.get(identity));
            if (stored == null) {
                earlier.put(identity, s.price());
                outcomes.add(PriceVersionOutcome.CREATED);
            } else if (stored.sameContentAs(s.price())) {
                outcomes.add(PriceVersionOutcome.UNCHANGED);
            } else {
                outcomes.add(PriceVersionOutcome.CONFLICT);
                conflicts.add(new ConflictWire(s.where().isEmpty() ? null : s.where(),
                        PriceWire.of(s.key(), s.price(), null), PriceWire.of(s.key(), stored, null)));
            }
        }
        return outcomes;
    }

    /**
     * ADR 0014: a new version may not take effect inside a billing period already invoiced for a subscription on its
     * price list; that would re-price billed usage when the period is re-rated for late usage.
     */
    private void refuseInsideInvoicedPeriods(List<Sent> sent, List<PriceVersionOutcome> outcomes) {
        record Billed(Invoice invoice, BillingPeriod period) {
        }
        Map<PriceListKey, List<Billed>> billedByKey = new HashMap<>();
        java.util.Set<String> named = new java.util.TreeSet<>();
        String first = null;
        for (int i = 0; i < sent.size(); i++) {
            if (outcomes.get(i) != PriceVersionOutcome.CREATED) {
                continue;
            }
            Sent s = sent.get(i);
            // ADR 0020: every period a subscription was billed on this price list, also after it moved to another
            List<Billed> billed = billedByKey.computeIfAbsent(s.key(), key -> catalog.subscriptions().stream()
                    .flatMap(sub -> catalog.subscriptionHistory(sub.subscriptionId()).stream())
                    .filter(history -> history.plans().stream().anyMatch(p -> p.priceListKey().equals(key)))
                    .flatMap(history -> invoices.ofSubscription(history.subscriptionId()).stream()
                            .flatMap(invoice -> invoice.billingPeriods().stream()
                                    .filter(period -> history.onPriceList(key, period))
                                    .map(period -> new Billed(invoice, period))))
                    .toList());
            for (Billed b : billed) {
                if (b.period().end().isAfter(s.price().effectiveFrom())) {
                    named.add(b.invoice().name() + " (subscription " + b.invoice().subscriptionId() + ", "
                            + b.period().month() + ")");
                    first = first == null ? s.where() : first;
                }
            }
        }
        if (!named.isEmpty()) {
            List<String> shown = named.stream().limit(10).toList();
            throw new ArmException(HttpStatus.CONFLICT, "PriceVersionInInvoicedPeriod", "A price version may not take "
                    + "effect inside a billing period already invoiced for a subscription on its price list: billed "
                    + "usage is never re-priced. Issued invoices: " + String.join(", ", shown)
                    + (named.size() > shown.size() ? " and " + (named.size() - shown.size()) + " more" : "")
                    + ". Nothing of the request was stored; send the version with an effectiveFrom after the last "
                    + "invoiced period.", first == null || first.isEmpty() ? "effectiveFrom" : first + ".effectiveFrom");
        }
    }

    private void store(List<Sent> sent, List<PriceVersionOutcome> outcomes) {
        Map<PriceListKey, List<MeterPrice>> created = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            if (outcomes.get(i) == PriceVersionOutcome.CREATED) {
                created.computeIfAbsent(sent.get(i).key(), k -> new ArrayList<>()).add(sent.get(i).price());
            }
        }
        created.forEach((key, prices) -> {
            if (catalog.addPriceVersions(key, prices).contains(PriceVersionOutcome.CONFLICT)) {
                // Only a writer outside this API (a catalog load) can get here, between our check and this write.
                throw new ArmException(HttpStatus.CONFLICT, "PriceVersionConflict", "Another writer added a "
                        + "different version of price list " + key.offerDurableId() + "/" + key.currency() + "/"
                        + key.regionInfo() + " meanwhile; read the price list and retry.");
            }
        });
    }

    private static ResponseEntity<Map<String, Object>> conflict(List<ConflictWire> conflicts) {
        PriceWire first = conflicts.get(0).sent();
        String message = conflicts.size() + " price version(s) differ from the version already stored (or sent "
                + "earlier in the request) at the same offer, currency, regionInfo, meterId and effectiveFrom, "
                + "for example meter " + first.meterId() + " in " + first.offerDurableId() + "/" + first.currency()
                + "/" + first.regionInfo() + " from " + first.effectiveFrom() + ". Price history is never overwritten; "
                + "nothing of the request was stored. Send a new version with a later effectiveFrom instead.";
        Map<String, Object> body = new LinkedHashMap<>(ArmError.body("PriceVersionConflict", message,
                conflicts.get(0).at()));
        body.put("conflicts", conflicts);
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "MissingParameter", "The query parameter '" + name
                    + "' is required: prices are listed per price list (offerDurableId, currency and regionInfo); "
                    + "meterId is an optional filter.", name);
        }
        return value;
    }

    private static String offer(String value) {
        try {
            return Offer.normalizeDurableId(value);
        } catch (IllegalArgumentException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidParameter", "The query parameter 'offerDurableId' "
                    + "must be an offer durable id like MS-AZR-0003P, was '" + value + "'.", "offerDurableId");
        }
    }

    private static String region(String value) {
        try {
            return PriceListKey.normalizeRegionInfo(value);
        } catch (IllegalArgumentException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidParameter", "The query parameter 'regionInfo' "
                    + "must be a 2-letter ISO 3166 country code like US, was '" + value + "'.", "regionInfo");
        }
    }
}

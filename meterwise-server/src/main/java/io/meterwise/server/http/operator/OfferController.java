package io.meterwise.server.http.operator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferTerms;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.money.Money;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;

/** Operator API for offers and their terms: {@code /providers/Meterwise/offers}. */
@RestController
class OfferController {

    private static final Map<String, OfferType> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("PayAsYouGo", OfferType.PAY_AS_YOU_GO);
        TYPES.put("DevTest", OfferType.DEV_TEST);
        TYPES.put("MSDN", OfferType.MSDN);
        TYPES.put("MonetaryCommitment", OfferType.MONETARY_COMMITMENT);
        TYPES.put("EnterpriseAgreement", OfferType.ENTERPRISE_AGREEMENT);
    }

    private final CatalogStore catalog;

    OfferController(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /** An offer on the wire. */
    record OfferWire(String offerDurableId, String name, String type, List<TermWire> offerTerms) {
        static OfferWire of(Offer offer) {
            return new OfferWire(offer.durableId(), offer.name(), wireType(offer.type()),
                    offer.terms().stream().map(TermWire::of).toList());
        }
    }

    /** An offer term on the wire, named as in the RateCard {@code OfferTerms}; amounts are strings, kept exact. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TermWire(@JsonProperty("Name") String name, @JsonProperty("EffectiveDate") String effectiveDate,
            @JsonProperty("Currency") String currency, @JsonProperty("Credit") String credit,
            @JsonProperty("TieredDiscount") Map<String, String> tieredDiscount,
            @JsonProperty("RecurringCharge") String recurringCharge,
            @JsonProperty("ExcludedMeterIds") List<String> excludedMeterIds) {
        static TermWire of(OfferTerm term) {
            String effective = term.effectiveDate().toString();
            String currency = term.currency().getCurrencyCode();
            if (term instanceof OfferTerm.MonetaryCredit c) {
                return new TermWire(c.name(), effective, currency, c.credit().amount().toPlainString(), null, null,
                        ids(c.excludedMeterIds()));
            }
            if (term instanceof OfferTerm.MonetaryCommitment c) {
                Map<String, String> discount = new LinkedHashMap<>();
                c.tieredDiscount().forEach((k, v) -> discount.put(k.toPlainString(), v.toPlainString()));
                return new TermWire(c.name(), effective, currency, null, discount, null, ids(c.excludedMeterIds()));
            }
            OfferTerm.RecurringCharge c = (OfferTerm.RecurringCharge) term;
            return new TermWire(c.name(), effective, currency, null, null, c.charge().amount().toPlainString(), null);
        }

        private static List<String> ids(Set<UUID> ids) {
            return ids.stream().map(UUID::toString).sorted().toList();
        }
    }

    @PutMapping(path = "/providers/Meterwise/offers/{offerDurableId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OfferWire> put(@PathVariable String offerDurableId, @RequestBody(required = false) String json) {
        String id = durableId(offerDurableId);
        Body body = Body.of(json);
        Offer offer = CatalogRequests.build(() -> new Offer(id, body.text("name"), type(body), terms(body)));
        requireAmountsInEveryCurrency(offer);
        boolean created = catalog.putOffer(offer);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(OfferWire.of(offer));
    }

    @GetMapping("/providers/Meterwise/offers/{offerDurableId}")
    OfferWire get(@PathVariable String offerDurableId) {
        return catalog.offer(durableId(offerDurableId)).map(OfferWire::of)
                .orElseThrow(() -> ArmException.notFound("OfferNotFound", "No offer '" + offerDurableId + "'."));
    }

    @GetMapping("/providers/Meterwise/offers")
    Listing<OfferWire> list() {
        return new Listing<>(catalog.offers().stream().map(OfferWire::of).toList());
    }

    /**
     * ADR 0012: each kind of term needs an amount in every currency the offer is sold in, which are the currencies of
     * its terms and of the subscriptions on it; a credit in USD alone would give EUR subscribers nothing, silently.
     */
    private void requireAmountsInEveryCurrency(Offer offer) {
        java.util.Set<Currency> soldIn = new java.util.LinkedHashSet<>(OfferTerms.currenciesOf(offer));
        catalog.subscriptions().stream().filter(s -> s.offerDurableId().equals(offer.durableId()))
                .forEach(s -> soldIn.add(s.currency()));
        List<String> missing = OfferTerms.missingIn(offer, soldIn);
        if (!missing.isEmpty()) {
            throw Body.invalid("offerTerms", "must give every term an amount in each currency the offer is sold in "
                    + "(the currencies of its terms and of its subscriptions): " + String.join("; ", missing)
                    + ". Nothing was stored.");
        }
    }

    private static String durableId(String pathValue) {
        try {
            return Offer.normalizeDurableId(pathValue);
        } catch (IllegalArgumentException e) {
            throw Body.invalid("offerDurableId", e.getMessage() + ", for example MS-AZR-0003P");
        }
    }

    static String wireType(OfferType type) {
        return TYPES.entrySet().stream().filter(e -> e.getValue() == type).findFirst().orElseThrow().getKey();
    }

    private static OfferType type(Body body) {
        String name = body.text("type");
        OfferType type = TYPES.get(name);
        if (type == null) {
            throw Body.invalid("type", "must be one of " + String.join(", ", TYPES.keySet()) + "; was '" + name + "'");
        }
        return type;
    }

    private static List<OfferTerm> terms(Body body) {
        JsonNode array = body.raw("offerTerms");
        List<OfferTerm> terms = new ArrayList<>();
        if (array == null) {
            return terms;
        }
        if (!array.isArray()) {
            throw Body.invalid("offerTerms", "must be an array");
        }
        int i = 0;
        for (JsonNode node : array) {
            String where = "offerTerms[" + i++ + "]";
            Body term = Body.element(node, where);
            String name = term.text("Name");
            Instant effective = term.instant("EffectiveDate");
            Currency currency = term.currency("Currency");
            terms.add(CatalogRequests.build(where, () -> switch (name) {
                case "Monetary Credit" -> new OfferTerm.MonetaryCredit(effective,
                        money(term, "Credit", currency), term.uuids("ExcludedMeterIds"));
                case "Monetary Commitment" -> new OfferTerm.MonetaryCommitment(effective, currency,
                        term.decimalMap("TieredDiscount"), term.uuids("ExcludedMeterIds"));
                case "Recurring Charge" -> new OfferTerm.RecurringCharge(effective,
                        money(term, "RecurringCharge", currency));
                default -> throw Body.invalid(term.name("Name"), "must be 'Monetary Credit', 'Monetary Commitment' "
                        + "or 'Recurring Charge', was '" + name + "'");
            }));
        }
        return terms;
    }

    private static Money money(Body term, String field, Currency currency) {
        BigDecimal amount = term.decimal(field);
        try {
            return Money.exact(amount.toPlainString(), currency.getCurrencyCode());
        } catch (IllegalArgumentException e) {
            throw Body.invalid(term.name(field), e.getMessage());
        }
    }
}

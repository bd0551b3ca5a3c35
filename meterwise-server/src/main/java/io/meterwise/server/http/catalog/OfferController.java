package io.meterwise.server.http.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.money.Money;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;

/** Operator API for offers and their terms. */
@RestController
class OfferController {

    private static final Map<String, OfferType> TYPES = Map.of("PayAsYouGo", OfferType.PAY_AS_YOU_GO, "DevTest",
            OfferType.DEV_TEST, "MSDN", OfferType.MSDN, "MonetaryCommitment", OfferType.MONETARY_COMMITMENT,
            "EnterpriseAgreement", OfferType.ENTERPRISE_AGREEMENT);

    private final CatalogStore catalog;

    OfferController(CatalogStore catalog) {
        this.catalog = catalog;
    }

    @PutMapping("/providers/Meterwise/offers/{offerDurableId}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String offerDurableId, @RequestBody JsonNode json) {
        Body body = Body.of(json);
        Offer offer = CatalogRequests.build(() -> new Offer(offerDurableId, body.text("name"), type(body),
                terms(body)));
        boolean created = catalog.putOffer(offer);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(wire(offer));
    }

    @GetMapping("/providers/Meterwise/offers/{offerDurableId}")
    Map<String, Object> get(@PathVariable String offerDurableId) {
        return CatalogRequests.build(() -> catalog.offer(offerDurableId)).map(OfferController::wire)
                .orElseThrow(() -> ArmException.notFound("OfferNotFound", "No offer '" + offerDurableId + "'."));
    }

    @GetMapping("/providers/Meterwise/offers")
    Map<String, Object> list() {
        return Map.of("value", catalog.offers().stream().map(OfferController::wire).toList());
    }

    private static OfferType type(Body body) {
        String name = body.text("type");
        OfferType type = TYPES.get(name);
        if (type == null) {
            throw Body.invalid("type", "must be one of PayAsYouGo, DevTest, MSDN, MonetaryCommitment, "
                    + "EnterpriseAgreement; was '" + name + "'");
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
            Body term = Body.element(node, "offerTerms[" + i++ + "]");
            String name = term.text("Name");
            Instant effective = term.instant("EffectiveDate");
            Currency currency = term.currency("Currency");
            terms.add(CatalogRequests.build(() -> switch (name) {
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

    static Map<String, Object> wire(Offer offer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offerDurableId", offer.durableId());
        m.put("name", offer.name());
        m.put("type", TYPES.entrySet().stream().filter(e -> e.getValue() == offer.type()).findFirst().orElseThrow()
                .getKey());
        List<Map<String, Object>> terms = new ArrayList<>();
        for (OfferTerm t : offer.terms()) {
            Map<String, Object> term = new LinkedHashMap<>();
            term.put("Name", t.name());
            term.put("EffectiveDate", t.effectiveDate().toString());
            term.put("Currency", t.currency().getCurrencyCode());
            if (t instanceof OfferTerm.MonetaryCredit c) {
                term.put("Credit", c.credit().amount());
                term.put("ExcludedMeterIds", c.excludedMeterIds().stream().map(Object::toString).sorted().toList());
            } else if (t instanceof OfferTerm.MonetaryCommitment c) {
                Map<String, BigDecimal> discount = new LinkedHashMap<>();
                c.tieredDiscount().forEach((k, v) -> discount.put(k.toPlainString(), v));
                term.put("TieredDiscount", discount);
                term.put("ExcludedMeterIds", c.excludedMeterIds().stream().map(Object::toString).sorted().toList());
            } else if (t instanceof OfferTerm.RecurringCharge c) {
                term.put("RecurringCharge", c.charge().amount());
            }
            terms.add(term);
        }
        m.put("offerTerms", terms);
        return m;
    }
}

package io.meterwise.server.http.catalog;

import java.util.LinkedHashMap;
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
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;

/** Operator API for subscriptions; the offer must exist. */
@RestController
class OperatorSubscriptionController {

    private final CatalogStore catalog;

    OperatorSubscriptionController(CatalogStore catalog) {
        this.catalog = catalog;
    }

    @PutMapping("/providers/Meterwise/subscriptions/{subscriptionId}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String subscriptionId, @RequestBody JsonNode json) {
        Body body = Body.of(json);
        String offerId = body.text("offerDurableId");
        String normalized = CatalogRequests.build(() -> Offer.normalizeDurableId(offerId));
        if (catalog.offer(normalized).isEmpty()) {
            throw Body.invalid("offerDurableId", "names the unknown offer '" + offerId
                    + "'; create it first with PUT /providers/Meterwise/offers/" + normalized);
        }
        Subscription subscription = CatalogRequests.build(() -> new Subscription(
                Body.uuid("subscriptionId", subscriptionId), body.text("displayName"),
                SubscriptionState.fromWireName(body.text("state")), normalized, body.currency("currency"),
                body.text("regionInfo"), body.text("tenantId")));
        boolean created = catalog.putSubscription(subscription);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(wire(subscription));
    }

    @GetMapping("/providers/Meterwise/subscriptions/{subscriptionId}")
    Map<String, Object> get(@PathVariable String subscriptionId) {
        return catalog.subscription(Body.uuid("subscriptionId", subscriptionId)).map(OperatorSubscriptionController::wire)
                .orElseThrow(() -> ArmException.notFound("SubscriptionNotFound",
                        "No subscription '" + subscriptionId + "'."));
    }

    @GetMapping("/providers/Meterwise/subscriptions")
    Map<String, Object> list() {
        return Map.of("value", catalog.subscriptions().stream().map(OperatorSubscriptionController::wire).toList());
    }

    static Map<String, Object> wire(Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriptionId", s.subscriptionId().toString());
        m.put("displayName", s.displayName());
        m.put("state", s.state().wireName());
        m.put("offerDurableId", s.offerDurableId());
        m.put("currency", s.currency().getCurrencyCode());
        m.put("regionInfo", s.regionInfo());
        m.put("tenantId", s.tenantId());
        return m;
    }
}

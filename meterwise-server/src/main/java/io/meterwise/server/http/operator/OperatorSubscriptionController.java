package io.meterwise.server.http.operator;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.http.error.ArmException;

/**
 * Operator API for subscriptions: {@code /providers/Meterwise/subscriptions} (all subscriptions; the ARM
 * {@code /subscriptions} route shows a caller only its own). The offer must exist.
 */
@RestController
class OperatorSubscriptionController {

    private final CatalogStore catalog;

    OperatorSubscriptionController(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /** A subscription on the wire. */
    record SubscriptionWire(String subscriptionId, String displayName, String state, String offerDurableId,
            String currency, String regionInfo, String tenantId) {
        static SubscriptionWire of(Subscription s) {
            return new SubscriptionWire(s.subscriptionId().toString(), s.displayName(), s.state().wireName(),
                    s.offerDurableId(), s.currency().getCurrencyCode(), s.regionInfo(), s.tenantId());
        }
    }

    @PutMapping(path = "/providers/Meterwise/subscriptions/{subscriptionId}",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SubscriptionWire> put(@PathVariable String subscriptionId,
            @RequestBody(required = false) String json) {
        var id = Body.uuid("subscriptionId", subscriptionId);
        Body body = Body.of(json);
        String offerId = body.offerDurableId("offerDurableId");
        if (catalog.offer(offerId).isEmpty()) {
            throw Body.invalid("offerDurableId", "names the unknown offer '" + offerId
                    + "'; create it first with PUT /providers/Meterwise/offers/" + offerId);
        }
        SubscriptionState state = state(body);
        Subscription subscription = CatalogRequests.build(() -> new Subscription(id, body.text("displayName"), state,
                offerId, body.currency("currency"), body.regionInfo("regionInfo"), body.text("tenantId")));
        boolean created = catalog.putSubscription(subscription);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(SubscriptionWire.of(subscription));
    }

    @GetMapping("/providers/Meterwise/subscriptions/{subscriptionId}")
    SubscriptionWire get(@PathVariable String subscriptionId) {
        return catalog.subscription(Body.uuid("subscriptionId", subscriptionId)).map(SubscriptionWire::of)
                .orElseThrow(() -> ArmException.notFound("SubscriptionNotFound",
                        "No subscription '" + subscriptionId + "'."));
    }

    @GetMapping("/providers/Meterwise/subscriptions")
    Listing<SubscriptionWire> list() {
        return new Listing<>(catalog.subscriptions().stream().map(SubscriptionWire::of).toList());
    }

    private static SubscriptionState state(Body body) {
        String text = body.text("state");
        try {
            return SubscriptionState.fromWireName(text);
        } catch (IllegalArgumentException e) {
            throw Body.invalid("state", "must be one of Enabled, Warned, PastDue, Disabled, Deleted; was '" + text + "'");
        }
    }
}

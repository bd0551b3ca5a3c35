package io.meterwise.server.http.operator;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.billing.SubscriptionChanges;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionHistory;
import io.meterwise.core.catalog.SubscriptionPlan;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.http.error.ArmException;

/**
 * Operator API for subscriptions: {@code /providers/Meterwise/subscriptions} (all subscriptions; the ARM
 * {@code /subscriptions} route shows a caller only its own). The offer must exist. A change of offer, currency or
 * regionInfo takes effect at the start of the next billing period, or of an {@code effectiveFrom} not yet invoiced.
 */
@RestController
class OperatorSubscriptionController {

    private final CatalogStore catalog;
    private final SubscriptionChanges changes;

    OperatorSubscriptionController(CatalogStore catalog, SubscriptionChanges changes) {
        this.catalog = catalog;
        this.changes = changes;
    }

    /** A subscription on the wire: its plan in force now, and every plan with the date it takes effect (ADR 0020). */
    record SubscriptionWire(String subscriptionId, String displayName, String state, String offerDurableId,
            String currency, String regionInfo, String tenantId, List<PlanWire> plans) {
        static SubscriptionWire of(Subscription s, SubscriptionHistory history) {
            return new SubscriptionWire(s.subscriptionId().toString(), s.displayName(), s.state().wireName(),
                    s.offerDurableId(), s.currency().getCurrencyCode(), s.regionInfo(), s.tenantId(),
                    history.plans().stream().map(PlanWire::of).toList());
        }
    }

    /** One plan of a subscription's history. */
    record PlanWire(String effectiveFrom, String offerDurableId, String currency, String regionInfo) {
        static PlanWire of(SubscriptionPlan p) {
            return new PlanWire(p.effectiveFrom().toString(), p.offerDurableId(), p.currency().getCurrencyCode(),
                    p.regionInfo());
        }
    }

    private SubscriptionWire wire(Subscription s) {
        return SubscriptionWire.of(s, catalog.subscriptionHistory(s.subscriptionId()).orElseThrow());
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
        Instant effectiveFrom = body.raw("effectiveFrom") == null ? null : body.instant("effectiveFrom");
        SubscriptionChanges.Outcome outcome = changes.put(subscription, effectiveFrom);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(SubscriptionWire.of(outcome.current(), outcome.history()));
    }

    @GetMapping("/providers/Meterwise/subscriptions/{subscriptionId}")
    SubscriptionWire get(@PathVariable String subscriptionId) {
        return catalog.subscription(Body.uuid("subscriptionId", subscriptionId)).map(this::wire)
                .orElseThrow(() -> ArmException.notFound("SubscriptionNotFound",
                        "No subscription '" + subscriptionId + "'."));
    }

    @GetMapping("/providers/Meterwise/subscriptions")
    Listing<SubscriptionWire> list() {
        return new Listing<>(catalog.subscriptions().stream().map(this::wire).toList());
    }

    private static SubscriptionState state(Body body) {
        String text = body.text("state");
        try {
            return SubscriptionState.fromWireName(text);
        } catch (IllegalArgumentException e) {
            throw Body.invalid("state", "must be one of Enabled, Warned, PastDue, Disabled, Deleted; was '" + io.meterwise.core.limits.Texts.shorten(text) + "'");
        }
    }
}

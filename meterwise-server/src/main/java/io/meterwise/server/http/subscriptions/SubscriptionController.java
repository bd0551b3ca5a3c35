package io.meterwise.server.http.subscriptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.access.Principal;
import io.meterwise.core.access.SubscriptionQueries;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.SubscriptionLookup;

/** ARM's {@code GET /subscriptions} and {@code GET /subscriptions/{id}}, showing only what the caller may see. */
@RestController
class SubscriptionController {

    private static final Set<String> VERSIONS = Set.of("2020-01-01", "2016-06-01", "2022-12-01");

    private final SubscriptionQueries subscriptions;

    SubscriptionController(SubscriptionQueries subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping("/subscriptions")
    Map<String, Object> list(Principal caller, @RequestParam(name = "api-version", required = false) String version) {
        ApiVersions.require(version, VERSIONS);
        List<Map<String, Object>> value = subscriptions.visibleTo(caller).stream().map(SubscriptionController::wire)
                .toList();
        return Map.of("value", value);
    }

    /** Only callers with a role (or the operator) get here; the access filter refused everyone else. */
    @GetMapping("/subscriptions/{subscriptionId}")
    Map<String, Object> get(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String version) {
        ApiVersions.require(version, VERSIONS);
        UUID id = SubscriptionLookup.idOrNotFound(subscriptionId);
        return subscriptions.find(id).map(SubscriptionController::wire)
                .orElseThrow(() -> SubscriptionLookup.notFound(subscriptionId));
    }

    private static Map<String, Object> wire(SubscriptionQueries.SubscriptionSummary s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "/subscriptions/" + s.subscriptionId());
        body.put("subscriptionId", s.subscriptionId().toString());
        body.put("displayName", s.displayName());
        body.put("state", s.state());
        body.put("tenantId", s.tenantId());
        return body;
    }

}

package io.meterwise.server.http.authorization;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.access.Role;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.SubscriptionLookup;

/** The built-in role definitions, with Azure's well-known ids, at subscription scope. */
@RestController
@RequestMapping("/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions")
class RoleDefinitionController {

    private static final String TYPE = "Microsoft.Authorization/roleDefinitions";

    @GetMapping
    Map<String, Object> list(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String version) {
        ApiVersions.require(version, RoleAssignmentController.VERSIONS);
        UUID id = SubscriptionLookup.idOrNotFound(subscriptionId);
        return Map.of("value", Arrays.stream(Role.values()).map(r -> wire(id, r)).toList());
    }

    @GetMapping("/{roleDefinitionId}")
    Map<String, Object> get(@PathVariable String subscriptionId, @PathVariable String roleDefinitionId,
            @RequestParam(name = "api-version", required = false) String version) {
        ApiVersions.require(version, RoleAssignmentController.VERSIONS);
        UUID id = SubscriptionLookup.idOrNotFound(subscriptionId);
        return Arrays.stream(Role.values()).filter(r -> r.definitionId().toString().equalsIgnoreCase(roleDefinitionId))
                .findFirst().map(r -> wire(id, r))
                .orElseThrow(() -> new ArmException(HttpStatus.NOT_FOUND, "RoleDefinitionDoesNotExist",
                        "The specified role definition with ID '" + roleDefinitionId + "' does not exist."));
    }

    private static Map<String, Object> wire(UUID subscriptionId, Role role) {
        Map<String, Object> permissions = new LinkedHashMap<>();
        permissions.put("actions", actions(role));
        permissions.put("notActions", role == Role.CONTRIBUTOR
                ? List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write")
                : List.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("roleName", role.wireName());
        properties.put("type", "BuiltInRole");
        properties.put("description", role.description());
        properties.put("assignableScopes", List.of("/"));
        properties.put("permissions", List.of(permissions));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "/subscriptions/" + subscriptionId + "/providers/" + TYPE + "/" + role.definitionId());
        body.put("name", role.definitionId().toString());
        body.put("type", TYPE);
        body.put("properties", properties);
        return body;
    }

    private static List<String> actions(Role role) {
        return switch (role) {
            case OWNER, CONTRIBUTOR -> List.of("*");
            case READER -> List.of("*/read");
            case BILLING_READER -> List.of("Microsoft.Authorization/*/read", "Microsoft.Billing/*/read",
                    "Microsoft.Commerce/*/read");
        };
    }
}

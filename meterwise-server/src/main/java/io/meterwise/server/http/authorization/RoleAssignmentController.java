package io.meterwise.server.http.authorization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.access.Role;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.core.access.RoleAssignmentStore.RoleAssignment;
import io.meterwise.core.access.RoleAssignmentStore;
import io.meterwise.core.access.SubscriptionQueries;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.SubscriptionLookup;

/**
 * ARM's {@code Microsoft.Authorization/roleAssignments} at subscription scope. Who may call what is decided by the
 * access filter; this class only validates and stores.
 */
@RestController
@RequestMapping("/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleAssignments")
class RoleAssignmentController {

    static final Set<String> VERSIONS = Set.of("2022-04-01", "2015-07-01");
    static final String TYPE = "Microsoft.Authorization/roleAssignments";
    private static final Pattern PRINCIPAL_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");
    private static final Pattern ROLE_DEFINITION_ID = Pattern.compile(
            "(?i)(?:/subscriptions/([0-9a-f-]{36}))?/providers/Microsoft\\.Authorization/roleDefinitions/([0-9a-f-]{36})");
    private static final Pattern FILTER_PRINCIPAL = Pattern.compile("principalId\\s+eq\\s+'([^']*)'");

    private final RoleAssignmentStore assignments;
    private final SubscriptionQueries subscriptions;

    RoleAssignmentController(RoleAssignmentStore assignments, SubscriptionQueries subscriptions) {
        this.assignments = assignments;
        this.subscriptions = subscriptions;
    }

    record Request(@Nullable Properties properties) {
    }

    record Properties(@Nullable String roleDefinitionId, @Nullable String principalId, @Nullable String scope) {
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String version,
            @RequestParam(name = "$filter", required = false) String filter) {
        String scope = existingScope(subscriptionId, version);
        List<RoleAssignment> found = assignments.list(scope);
        if (filter != null && !filter.isBlank() && !filter.strip().equals("atScope()")) {
            Matcher m = FILTER_PRINCIPAL.matcher(filter.strip());
            if (!m.matches()) {
                throw ArmException.badRequest("UnsupportedQuery",
                        "The $filter is not supported; use principalId eq '{id}' or atScope().");
            }
            found = found.stream().filter(a -> a.principalId().equals(m.group(1))).toList();
        }
        return Map.of("value", found.stream().map(RoleAssignmentController::wire).toList());
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String subscriptionId, @PathVariable String name,
            @RequestParam(name = "api-version", required = false) String version) {
        String scope = existingScope(subscriptionId, version);
        return assignments.find(scope, assignmentName(name)).map(RoleAssignmentController::wire)
                .orElseThrow(() -> new ArmException(HttpStatus.NOT_FOUND, "RoleAssignmentNotFound",
                        "The role assignment '" + name + "' is not found."));
    }

    @PutMapping("/{name}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String subscriptionId, @PathVariable String name,
            @RequestParam(name = "api-version", required = false) String version,
            @RequestBody(required = false) @Nullable Request request) {
        String scope = existingScope(subscriptionId, version);
        UUID assignmentName = assignmentName(name);
        Properties properties = request == null ? null : request.properties();
        if (properties == null || properties.roleDefinitionId() == null || properties.principalId() == null) {
            throw ArmException.badRequest("InvalidRequestContent",
                    "The body must be {\"properties\":{\"roleDefinitionId\":...,\"principalId\":...}}.");
        }
        if (!PRINCIPAL_ID.matcher(properties.principalId()).matches()) {
            throw ArmException.badRequest("InvalidPrincipalId",
                    "The principalId must be an object id of 1 to 128 letters, digits or . _ @ : -.");
        }
        if (properties.scope() != null && !properties.scope().equalsIgnoreCase(scope)) {
            throw ArmException.badRequest("InvalidRoleAssignmentScope",
                    "The scope in the body must be the scope in the path, '" + scope + "'.");
        }
        Role role = role(properties.roleDefinitionId(), scope);
        RoleAssignment wanted = new RoleAssignment(assignmentName, scope, properties.principalId(),
                role.definitionId());
        Optional<RoleAssignment> existing = assignments.findByName(assignmentName);
        if (existing.isPresent()) {
            if (existing.get().equals(wanted)) {
                return ResponseEntity.ok(wire(wanted));
            }
            throw new ArmException(HttpStatus.CONFLICT, "RoleAssignmentUpdateNotPermitted",
                    "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
        }
        if (assignments.findSame(scope, wanted.principalId(), wanted.roleDefinitionId()).isPresent()) {
            throw new ArmException(HttpStatus.CONFLICT, "RoleAssignmentExists",
                    "The role assignment already exists.");
        }
        assignments.create(wanted);
        return ResponseEntity.status(HttpStatus.CREATED).body(wire(wanted));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String subscriptionId, @PathVariable String name,
            @RequestParam(name = "api-version", required = false) String version) {
        String scope = existingScope(subscriptionId, version);
        UUID assignmentName = assignmentName(name);
        Optional<RoleAssignment> existing = assignments.find(scope, assignmentName);
        if (existing.isEmpty() || !assignments.delete(scope, assignmentName)) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok(wire(existing.get()));
    }

    private String existingScope(String subscriptionId, String version) {
        ApiVersions.require(version, VERSIONS);
        UUID id = SubscriptionLookup.idOrNotFound(subscriptionId);
        if (!subscriptions.exists(id)) {
            throw SubscriptionLookup.notFound(subscriptionId);
        }
        return "/subscriptions/" + id;
    }

    private static Role role(String roleDefinitionId, String scope) {
        Matcher m = ROLE_DEFINITION_ID.matcher(roleDefinitionId);
        if (!m.matches() || (m.group(1) != null && !("/subscriptions/" + m.group(1)).equalsIgnoreCase(scope))) {
            throw ArmException.badRequest("InvalidRoleDefinitionId", "The role definition ID '" + roleDefinitionId
                    + "' is not valid; use " + scope + "/providers/Microsoft.Authorization/roleDefinitions/{guid}.");
        }
        UUID id;
        try {
            id = UUID.fromString(m.group(2));
        } catch (IllegalArgumentException e) {
            id = null;
        }
        return Optional.ofNullable(id).flatMap(Role::byDefinitionId)
                .orElseThrow(() -> ArmException.badRequest("RoleDefinitionDoesNotExist",
                        "The specified role definition with ID '" + m.group(2) + "' does not exist."));
    }

    private static UUID assignmentName(String name) {
        try {
            if (name.length() == 36) {
                return UUID.fromString(name);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ArmException.badRequest("InvalidRoleAssignmentId",
                "The role assignment ID '" + name + "' is not valid. The role assignment ID must be a GUID.");
    }

    static Map<String, Object> wire(RoleAssignment a) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("roleDefinitionId",
                a.scope() + "/providers/Microsoft.Authorization/roleDefinitions/" + a.roleDefinitionId());
        properties.put("principalId", a.principalId());
        properties.put("scope", a.scope());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.scope() + "/providers/" + TYPE + "/" + a.name());
        body.put("name", a.name().toString());
        body.put("type", TYPE);
        body.put("properties", properties);
        return body;
    }
}

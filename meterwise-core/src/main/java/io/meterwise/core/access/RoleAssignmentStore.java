package io.meterwise.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Role assignments, read on every request that needs them: nothing is cached, so a change applies to the next
 * request.
 */
public interface RoleAssignmentStore {

    /** What an assignment names when its request did not say: Meterwise's principals are service principals. */
    String DEFAULT_PRINCIPAL_TYPE = "ServicePrincipal";

    /**
     * One assignment: {@code principalId} (a {@code principalType}) holds the role {@code roleDefinitionId} on
     * {@code scope}, since {@code createdAt}, granted by {@code createdBy} (null when made by setup, not a caller).
     */
    record RoleAssignment(UUID name, String scope, String principalId, UUID roleDefinitionId, String principalType,
            @Nullable Instant createdAt, @Nullable String createdBy) {

        public RoleAssignment(UUID name, String scope, String principalId, UUID roleDefinitionId) {
            this(name, scope, principalId, roleDefinitionId, DEFAULT_PRINCIPAL_TYPE, null, null);
        }

        /** The same grant: name, scope, principal and role (who made it and when do not matter). */
        public boolean sameGrant(RoleAssignment other) {
            return name.equals(other.name) && scope.equalsIgnoreCase(other.scope)
                    && principalId.equals(other.principalId) && roleDefinitionId.equals(other.roleDefinitionId);
        }
    }

    List<Role> rolesOf(String principalId, String scope);

    Optional<RoleAssignment> find(String scope, UUID name);

    Optional<RoleAssignment> findByName(UUID name);

    Optional<RoleAssignment> findSame(String scope, String principalId, UUID roleDefinitionId);

    List<RoleAssignment> list(String scope);

    /** Stores the assignment, stamped with the current time; returns it as stored. */
    RoleAssignment create(RoleAssignment assignment);

    /** Convenience for setup and tests: assigns {@code role} on the subscription under a new name. */
    default RoleAssignment assign(String principalId, Role role, UUID subscriptionId) {
        return create(new RoleAssignment(UUID.randomUUID(), "/subscriptions/" + subscriptionId, principalId,
                role.definitionId()));
    }

    boolean delete(String scope, UUID name);
}

package io.meterwise.core.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Role assignments, read on every request that needs them: nothing is cached, so a change applies to the next
 * request.
 */
public interface RoleAssignmentStore {

    /** One assignment: {@code principalId} holds the role {@code roleDefinitionId} on {@code scope}. */
    record RoleAssignment(UUID name, String scope, String principalId, UUID roleDefinitionId) {
    }

    List<Role> rolesOf(String principalId, String scope);

    Optional<RoleAssignment> find(String scope, UUID name);

    Optional<RoleAssignment> findByName(UUID name);

    Optional<RoleAssignment> findSame(String scope, String principalId, UUID roleDefinitionId);

    List<RoleAssignment> list(String scope);

    void create(RoleAssignment assignment);

    /** Convenience for setup and tests: assigns {@code role} on the subscription under a new name. */
    default RoleAssignment assign(String principalId, Role role, UUID subscriptionId) {
        RoleAssignment assignment = new RoleAssignment(UUID.randomUUID(), "/subscriptions/" + subscriptionId,
                principalId, role.definitionId());
        create(assignment);
        return assignment;
    }

    boolean delete(String scope, UUID name);
}

package io.meterwise.core.access;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The built-in Azure roles Meterwise honours, with Azure's well-known role definition ids. */
public enum Role {
    OWNER("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            "Grants full access to manage all resources, including the ability to assign roles.",
            EnumSet.of(Permission.READ, Permission.WRITE_BILLING, Permission.MANAGE_COST, Permission.MANAGE_ACCESS)),
    CONTRIBUTOR("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "Grants full access to manage all resources, but does not allow you to assign roles.",
            EnumSet.of(Permission.READ, Permission.MANAGE_COST)),
    READER("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "View all resources, but does not allow you to make any changes.",
            EnumSet.of(Permission.READ)),
    BILLING_READER("Billing Reader", "fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64",
            "Allows read access to billing data.",
            EnumSet.of(Permission.READ));

    private final String wireName;
    private final UUID definitionId;
    private final String description;
    private final Set<Permission> permissions;

    Role(String wireName, String definitionId, String description, Set<Permission> permissions) {
        this.wireName = wireName;
        this.definitionId = UUID.fromString(definitionId);
        this.description = description;
        this.permissions = permissions;
    }

    /** The role name as Azure spells it, for example {@code Billing Reader}. */
    public String wireName() {
        return wireName;
    }

    public UUID definitionId() {
        return definitionId;
    }

    public String description() {
        return description;
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    public static Optional<Role> byDefinitionId(UUID definitionId) {
        for (Role role : values()) {
            if (role.definitionId.equals(definitionId)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

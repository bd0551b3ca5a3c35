package io.meterwise.core.access;

import java.util.Objects;

/**
 * An authenticated caller. {@code id} is the object id that role assignments name (a token's {@code oid}, else its
 * {@code sub}); {@code operator} is true for the operator, who holds every permission at the root scope.
 */
public record Principal(String id, String tenantId, boolean operator) {

    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        if (id.isBlank()) {
            throw new IllegalArgumentException("principal id must not be blank");
        }
    }
}

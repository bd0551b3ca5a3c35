package io.meterwise.server.http.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.meterwise.server.http.error.ArmException;

/** The 2022-04-01 Microsoft.Authorization {@code $filter}s, as the Azure SDKs and CLI send them. */
class AuthorizationFilterTest {

    static final String ID = "1f0c9f2e-7d1a-4b8e-9a51-3c2d1e0f4a5b";

    @Test
    void assignmentFiltersNameAPrincipalOrNone() {
        assertThat(AuthorizationFilter.assignments(null)).isEmpty();
        assertThat(AuthorizationFilter.assignments("atScope()")).isEmpty();
        assertThat(AuthorizationFilter.assignments("principalId eq '" + ID + "'")).contains(ID);
        assertThat(AuthorizationFilter.assignments("principalId eq " + ID)).contains(ID);
        assertThat(AuthorizationFilter.assignments("assignedTo('" + ID + "')")).contains(ID);
        assertThat(AuthorizationFilter.assignments("atScope() and assignedTo('" + ID + "')")).contains(ID);
        assertThat(AuthorizationFilter.assignments("PrincipalId EQ '" + ID + "' AND atScope()")).isEqualTo(
                Optional.of(ID));
    }

    @Test
    void roleDefinitionFiltersMatchNameAndType() {
        AuthorizationFilter.RoleDefinitionQuery reader = AuthorizationFilter.roleDefinitions("roleName eq 'Reader'");
        assertThat(reader.matches("Reader", "BuiltInRole")).isTrue();
        assertThat(reader.matches("Billing Reader", "BuiltInRole")).isFalse();
        assertThat(AuthorizationFilter.roleDefinitions("roleName eq 'billing reader' and type eq 'BuiltInRole'")
                .matches("Billing Reader", "BuiltInRole")).isTrue();
        assertThat(AuthorizationFilter.roleDefinitions("type eq 'CustomRole'").matches("Owner", "BuiltInRole"))
                .isFalse();
        assertThat(AuthorizationFilter.roleDefinitions("").matches("Owner", "BuiltInRole")).isTrue();
    }

    @Test
    void anythingElseIsRefusedNamingWhatIsSupported() {
        for (String filter : new String[] {"principalId ne 'x'", "atScope() or assignedTo('x')",
                "principalId eq 'a' and principalId eq 'b'", "roleName eq 'Reader' and roleName eq 'Owner'"}) {
            assertThatThrownBy(() -> {
                AuthorizationFilter.assignments(filter);
                AuthorizationFilter.roleDefinitions(filter);
            }).as(filter).isInstanceOf(ArmException.class).hasMessageContaining("is not supported; use");
        }
        assertThatThrownBy(() -> AuthorizationFilter.roleDefinitions("roleName eq 'Reader' and roleName eq 'Owner'"))
                .hasMessageContaining("roleName eq '{name}'");
    }
}

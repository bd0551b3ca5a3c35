package io.meterwise.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessPolicyTest {

    private static final String SUBSCRIPTION = "6d0a8a4e-2f0b-4c55-8f57-1f3b9f1a7c11";
    private static final Principal ALICE = new Principal("alice", "tenant-a", false);
    private static final Principal OPERATOR = new Principal("op", "tenant-a", true);

    private final AccessPolicy policy = new AccessPolicy();

    private static Action on(Permission permission) {
        return Action.onSubscription("Microsoft.Test/" + permission + "/do", permission, SUBSCRIPTION);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleReadsBillingData(Role role) {
        assertThat(policy.allows(ALICE, on(Permission.READ), List.of(role))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "OWNER", mode = EnumSource.Mode.EXCLUDE)
    void onlyTheOwnerManagesAccessAndBillingSettings(Role role) {
        assertThat(policy.allows(ALICE, on(Permission.MANAGE_ACCESS), List.of(role))).isFalse();
        assertThat(policy.allows(ALICE, on(Permission.WRITE_BILLING), List.of(role))).isFalse();
        assertThat(policy.allows(ALICE, on(Permission.MANAGE_ACCESS), List.of(Role.OWNER))).isTrue();
        assertThat(policy.allows(ALICE, on(Permission.WRITE_BILLING), List.of(Role.OWNER))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void withoutARoleOnlySignedInActionsAreAllowed(Permission permission) {
        assertThat(policy.allows(ALICE, on(permission), List.of())).isEqualTo(permission == Permission.SIGNED_IN);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void noRoleReachesOperatorActions(Role role) {
        assertThat(policy.allows(ALICE, Action.atRoot("Meterwise/catalog/write", Permission.OPERATE), List.of(role)))
                .isFalse();
        assertThat(policy.allows(ALICE, on(Permission.OPERATE), Set.of(Role.values()))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void theOperatorMayDoEverything(Permission permission) {
        assertThat(policy.allows(OPERATOR, on(permission), List.of())).isTrue();
        assertThat(policy.allows(OPERATOR, Action.atRoot("x", permission), List.of())).isTrue();
    }

    @Test
    void aScopeThatIsNotAGuidMatchesNoRole() {
        Action action = Action.onSubscription("Microsoft.Commerce/RateCard/read", Permission.READ, "not-a-guid");
        assertThat(action.subscription()).isEmpty();
        assertThat(action.scope()).isEqualTo("/subscriptions/not-a-guid");
        assertThat(policy.allows(ALICE, action, List.of(Role.OWNER))).isFalse();
    }

    @Test
    void subscriptionScopesAreCanonicalLowerCase() {
        Action action = Action.onSubscription("a", Permission.READ, SUBSCRIPTION.toUpperCase());
        assertThat(action.scope()).isEqualTo("/subscriptions/" + SUBSCRIPTION);
        assertThat(action.subscription()).contains(UUID.fromString(SUBSCRIPTION));
    }

    @Test
    void refusalUsesArmWording() {
        assertThat(AccessPolicy.refusal(ALICE, on(Permission.READ))).isEqualTo(
                "The client 'alice' with object id 'alice' does not have authorization to perform action "
                        + "'Microsoft.Test/READ/do' over scope '/subscriptions/" + SUBSCRIPTION
                        + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    }

    @Test
    void rolesCarryAzureWellKnownIds() {
        assertThat(Role.byDefinitionId(UUID.fromString("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"))).contains(Role.OWNER);
        assertThat(Role.byDefinitionId(UUID.fromString("b24988ac-6180-42a0-ab88-20f7382dd24c")))
                .contains(Role.CONTRIBUTOR);
        assertThat(Role.byDefinitionId(UUID.fromString("acdd72a7-3385-48ef-bd42-f606fba81ae7"))).contains(Role.READER);
        assertThat(Role.byDefinitionId(UUID.fromString("fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64")))
                .contains(Role.BILLING_READER);
        assertThat(Role.BILLING_READER.wireName()).isEqualTo("Billing Reader");
        assertThat(Role.byDefinitionId(UUID.randomUUID())).isEmpty();
    }
}

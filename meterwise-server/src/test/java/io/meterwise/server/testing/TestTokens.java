package io.meterwise.server.testing;

import java.util.UUID;

import org.springframework.context.ApplicationContext;

import io.meterwise.core.access.Role;
import io.meterwise.core.access.PrincipalStore;
import io.meterwise.core.access.RoleAssignmentStore;
import io.meterwise.server.security.TokenIssuer;

/**
 * Valid bearer tokens for integration tests, minted by the running server's own issuer:
 *
 * <pre>{@code
 * @Autowired ApplicationContext context;
 * TestTokens tokens = TestTokens.from(context);
 * String op = tokens.operator();                                  // operator: catalog, ingestion, everything
 * String reader = tokens.withRole(Role.READER, subscriptionId);   // a new principal with Reader on the subscription
 * request.header("Authorization", TestTokens.bearer(reader));
 * }</pre>
 *
 * Role assignments go straight into the store (no principal row is needed: tokens are checked by signature, roles on
 * every request).
 */
public final class TestTokens {

    private final TokenIssuer issuer;
    private final RoleAssignmentStore assignments;
    private final PrincipalStore principals;

    private TestTokens(TokenIssuer issuer, RoleAssignmentStore assignments, PrincipalStore principals) {
        this.issuer = issuer;
        this.assignments = assignments;
        this.principals = principals;
    }

    public static TestTokens from(ApplicationContext context) {
        return new TestTokens(context.getBean(TokenIssuer.class), context.getBean(RoleAssignmentStore.class),
                context.getBean(PrincipalStore.class));
    }

    /** A principal id and its token. */
    public record TestPrincipal(String id, String token) {
    }

    /** A token of the operator principal ({@code meterwise-operator}). */
    public String operator() {
        String objectId = principals.byClientId(PrincipalStore.OPERATOR_CLIENT_ID).orElseThrow().objectId();
        return issuer.issue(objectId, PrincipalStore.OPERATOR_CLIENT_ID, true);
    }

    /** A token of a new principal that holds {@code role} on {@code subscriptionId}. */
    public String withRole(Role role, UUID subscriptionId) {
        return principalWithRole(role, subscriptionId).token();
    }

    public TestPrincipal principalWithRole(Role role, UUID subscriptionId) {
        TestPrincipal principal = newPrincipal();
        assignments.assign(principal.id(), role, subscriptionId);
        return principal;
    }

    /** A new principal without any role. */
    public TestPrincipal newPrincipal() {
        String id = UUID.randomUUID().toString();
        return new TestPrincipal(id, issuer.issue(id, null, false));
    }

    /** The value of an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}

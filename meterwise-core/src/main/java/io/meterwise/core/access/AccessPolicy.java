package io.meterwise.core.access;

import java.util.Collection;

/**
 * The permission matrix (docs/access.md), decided in one place. The operator may do everything; any signed-in caller
 * may call {@link Permission#SIGNED_IN} actions (whose results are filtered to what they may see); otherwise a caller
 * needs a role on the action's subscription that grants the action's permission. Roles never reach the root scope, so
 * {@link Permission#OPERATE} stays the operator's.
 */
public final class AccessPolicy {

    public boolean allows(Principal principal, Action action, Collection<Role> rolesOnScope) {
        if (principal.operator() || action.permission() == Permission.SIGNED_IN) {
            return true;
        }
        if (action.permission() == Permission.OPERATE || action.subscriptionId() == null) {
            return false;
        }
        for (Role role : rolesOnScope) {
            if (role.grants(action.permission())) {
                return true;
            }
        }
        return false;
    }

    /** ARM's wording for a refusal; it names only what the caller sent and who the caller is. */
    public static String refusal(Principal principal, Action action) {
        return "The client '" + principal.id() + "' with object id '" + principal.id()
                + "' does not have authorization to perform action '" + action.name() + "' over scope '"
                + action.scope() + "' or the scope is invalid. If access was recently granted, please refresh your "
                + "credentials.";
    }
}

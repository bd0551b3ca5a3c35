package io.meterwise.server.http.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meterwise.server.http.error.ArmException;

/**
 * The {@code $filter}s of the Microsoft.Authorization 2022-04-01 spec, terms joined by {@code and}. Role assignments:
 * {@code atScope()}, {@code principalId eq '{id}'}, {@code assignedTo('{id}')}. Role definitions:
 * {@code roleName eq '{name}'}, {@code type eq 'BuiltInRole'|'CustomRole'}. Anything else is a 400
 * {@code UnsupportedQuery} naming what is supported.
 */
final class AuthorizationFilter {

    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_SCOPE = Pattern.compile("(?i)atScope\\(\\s*\\)");
    private static final Pattern PRINCIPAL = Pattern.compile("(?i)principalId\\s+eq\\s+(?:'([^']*)'|([A-Za-z0-9.@_:-]+))");
    private static final Pattern ASSIGNED_TO = Pattern.compile("(?i)assignedTo\\(\\s*'([^']*)'\\s*\\)");
    private static final Pattern ROLE_NAME = Pattern.compile("(?i)roleName\\s+eq\\s+'((?:[^']|'')*)'");
    private static final Pattern TYPE = Pattern.compile("(?i)type\\s+eq\\s+'([^']*)'");

    private AuthorizationFilter() {
    }

    /** The principal whose assignments are asked for, or empty for all assignments at the scope. */
    static Optional<String> assignments(String filter) {
        String principal = null;
        for (String term : terms(filter)) {
            Matcher m;
            String id;
            if (AT_SCOPE.matcher(term).matches()) {
                continue;
            } else if ((m = PRINCIPAL.matcher(term)).matches()) {
                id = m.group(1) != null ? m.group(1) : m.group(2);
            } else if ((m = ASSIGNED_TO.matcher(term)).matches()) {
                id = m.group(1);
            } else {
                throw unsupported(filter, "atScope(), principalId eq '{id}', assignedTo('{id}')");
            }
            if (principal != null && !principal.equals(id)) {
                throw unsupported(filter, "one principal per filter");
            }
            principal = id;
        }
        return Optional.ofNullable(principal);
    }

    /** A role definition filter: the role name (case-insensitive) and type asked for, each possibly absent. */
    record RoleDefinitionQuery(Optional<String> roleName, Optional<String> type) {

        boolean matches(String name, String roleType) {
            return roleName.map(n -> n.equalsIgnoreCase(name)).orElse(true)
                    && type.map(t -> t.equalsIgnoreCase(roleType)).orElse(true);
        }
    }

    static RoleDefinitionQuery roleDefinitions(String filter) {
        String name = null;
        String type = null;
        for (String term : terms(filter)) {
            Matcher m;
            if ((m = ROLE_NAME.matcher(term)).matches() && name == null) {
                name = m.group(1).replace("''", "'");
            } else if ((m = TYPE.matcher(term)).matches() && type == null) {
                type = m.group(1);
            } else {
                throw unsupported(filter, "roleName eq '{name}', type eq 'BuiltInRole' or type eq 'CustomRole'");
            }
        }
        return new RoleDefinitionQuery(Optional.ofNullable(name), Optional.ofNullable(type));
    }

    private static List<String> terms(String filter) {
        List<String> terms = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return terms;
        }
        for (String term : AND.split(filter.strip())) {
            terms.add(term.strip());
        }
        return terms;
    }

    private static ArmException unsupported(String filter, String supported) {
        String shown = filter.length() > 200 ? filter.substring(0, 200) + "..." : filter;
        return ArmException.badRequest("UnsupportedQuery", "The $filter '" + shown + "' is not supported; use "
                + supported + ", joined by 'and'.");
    }
}

package io.meterwise.server.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.meterwise.core.access.Action;
import io.meterwise.core.access.Permission;

/**
 * Maps a request (method, path) to the action it performs. Empty means public (health, discovery, keys, token
 * endpoint). A route that no rule names needs the operator, so a new controller is closed until it is mapped here.
 * Provider and resource type names match case-insensitively, as in ARM.
 */
public final class RouteActions {

    private static final Set<String> PUBLIC_PATHS = Set.of("/health", "/actuator/health",
            "/.well-known/openid-configuration", "/.well-known/jwks.json", "/oauth2/token");

    private RouteActions() {
    }

    public static Optional<Action> resolve(String method, String path) {
        List<String> segments = segments(path);
        String canonical = "/" + String.join("/", segments);
        if (segments.stream().anyMatch(RouteActions::suspicious)) {
            // Dot segments or encoded separators could be normalized differently further down: operator only.
            return Optional.of(Action.atRoot("Meterwise/unmapped/" + verb(method.toUpperCase(Locale.ROOT)),
                    Permission.OPERATE));
        }
        // Signed invoice download links carry their own credential (a SAS-like signature), checked by the billing API.
        if (PUBLIC_PATHS.contains(canonical) || canonical.startsWith("/actuator/health/")
                || (canonical.startsWith("/downloads/invoices/") && method.equalsIgnoreCase("GET"))
                || (canonical.startsWith("/downloads/chargeback/") && method.equalsIgnoreCase("GET"))) {
            return Optional.empty();
        }
        return Optional.of(action(method.toUpperCase(Locale.ROOT), segments));
    }

    private static Action action(String method, List<String> s) {
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        int n = s.size();
        if (n >= 1 && is(s.get(0), "subscriptions")) {
            if (n == 1) {
                return read ? Action.atRoot("Microsoft.Resources/subscriptions/read", Permission.SIGNED_IN)
                        : Action.atRoot("Microsoft.Resources/subscriptions/write", Permission.OPERATE);
            }
            String subscription = s.get(1);
            if (n == 2) {
                return read ? Action.onSubscription("Microsoft.Resources/subscriptions/read", Permission.READ, subscription)
                        : Action.onSubscription("Microsoft.Resources/subscriptions/write", Permission.OPERATE,
                                subscription);
            }
            if (n >= 5 && is(s.get(2), "providers")) {
                String provider = s.get(3);
                String type = s.get(4);
                if (is(provider, "Microsoft.Commerce")) {
                    return Action.onSubscription("Microsoft.Commerce/" + type + "/" + verb(method),
                            read ? Permission.READ : Permission.OPERATE, subscription);
                }
                if (is(provider, "Microsoft.Billing")) {
                    return Action.onSubscription("Microsoft.Billing/" + type + "/" + verb(method),
                            read ? Permission.READ : Permission.WRITE_BILLING, subscription);
                }
                if (is(provider, "Meterwise") && is(type, "chargebackRules")) {
                    return Action.onSubscription("Meterwise/chargebackRules/" + verb(method),
                            read ? Permission.READ : Permission.MANAGE_COST, subscription);
                }
                if (is(provider, "Meterwise") && is(type, "chargeback") && method.equals("POST")) {
                    // reading a report is a POST with the period in the body, as Cost Management queries are
                    return Action.onSubscription("Meterwise/chargeback/action", Permission.READ, subscription);
                }
                if (is(provider, "Microsoft.Authorization") && is(type, "roleAssignments")) {
                    return Action.onSubscription("Microsoft.Authorization/roleAssignments/" + verb(method),
                            read ? Permission.READ : Permission.MANAGE_ACCESS, subscription);
                }
                if (is(provider, "Microsoft.Authorization") && is(type, "roleDefinitions")) {
                    return Action.onSubscription("Microsoft.Authorization/roleDefinitions/" + verb(method),
                            read ? Permission.READ : Permission.OPERATE, subscription);
                }
            }
            return Action.onSubscription("Meterwise/unmapped/" + verb(method), Permission.OPERATE, subscription);
        }
        if (n >= 2 && is(s.get(0), "providers") && is(s.get(1), "Meterwise")) {
            String type = n >= 3 ? s.get(2) : "*";
            return Action.atRoot("Meterwise/" + type + "/" + verb(method), Permission.OPERATE);
        }
        return Action.atRoot("Meterwise/unmapped/" + verb(method), Permission.OPERATE);
    }

    private static String verb(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> "read";
            case "DELETE" -> "delete";
            case "POST" -> "action";
            default -> "write";
        };
    }

    private static boolean suspicious(String segment) {
        return segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0;
    }

    private static boolean is(String segment, String name) {
        return segment.equalsIgnoreCase(name);
    }

    /** Decoded path segments without empty ones and without {@code ;matrix} parameters, as Spring MVC matches them. */
    static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String raw : path.split("/")) {
            int semicolon = raw.indexOf(';');
            String segment = semicolon >= 0 ? raw.substring(0, semicolon) : raw;
            if (segment.isEmpty()) {
                continue;
            }
            result.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return result;
    }
}

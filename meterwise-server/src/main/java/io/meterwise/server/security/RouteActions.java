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
 * endpoint, the dashboard's static files). A route that no rule names needs the operator, so a new controller is closed until it is mapped here.
 * Provider and resource type names match case-insensitively, as in ARM.
 */
public final class RouteActions {

    private static final Set<String> PUBLIC_PATHS = Set.of("/health", "/actuator/health",
            "/.well-known/openid-configuration", "/.well-known/jwks.json", "/oauth2/token");

    /** Providers whose {@code /providers/{provider}/operations} any signed-in caller may list. */
    private static final List<String> OPERATIONS_PROVIDERS = List.of("Microsoft.Billing", "Microsoft.Commerce",
            "Microsoft.Authorization");
    private static final String RETAIL_PRICES = "/api/retail/prices";

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
        // Retail prices are public list prices, as Azure's Retail Prices API (rate-limited per client address).
        if (PUBLIC_PATHS.contains(canonical) || canonical.startsWith("/actuator/health/") || entraAuthority(segments)
                || (canonical.startsWith("/downloads/invoices/") && method.equalsIgnoreCase("GET"))
                || (canonical.startsWith("/downloads/chargeback/") && method.equalsIgnoreCase("GET"))
                || (canonical.equalsIgnoreCase(RETAIL_PRICES) && method.equalsIgnoreCase("GET"))
                || dashboardAsset(method, segments)) {
            return Optional.empty();
        }
        return Optional.of(action(method.toUpperCase(Locale.ROOT), segments));
    }

    /**
     * The dashboard's static files and its chart library: code and styles only, no data (the page fetches every value
     * from the APIs with the user's token, ADR 0047).
     */
    private static boolean dashboardAsset(String method, List<String> segments) {
        return (method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD")) && !segments.isEmpty()
                && (segments.get(0).equals("dashboard") || segments.get(0).equals("webjars"));
    }

    /** {@code /{tenant}/v2.0/.well-known/openid-configuration} and {@code /{tenant}/oauth2/v2.0/token|authorize}. */
    private static boolean entraAuthority(List<String> s) {
        return s.size() == 4 && ((s.get(1).equals("v2.0") && s.get(2).equals(".well-known")
                && s.get(3).equals("openid-configuration")) || (s.get(1).equals("oauth2") && s.get(2).equals("v2.0")
                        && (s.get(3).equals("token") || s.get(3).equals("authorize"))));
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
            Optional<Action> budget = budgetRoute(method, read, s, subscription);
            if (budget.isPresent()) {
                return budget.get();
            }
            Optional<Action> export = exports(method, read, s, subscription);
            if (export.isPresent()) {
                return export.get();
            }
            Optional<Action> cost = costRead(s, subscription);
            if (cost.isPresent()) {
                return cost.get();
            }
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
                // estimates and what-if comparisons compute, they change nothing: any role may ask (ADR 0032)
                if (is(provider, "Meterwise") && n == 5 && method.equals("POST")
                        && (is(type, "estimate") || is(type, "whatIf"))) {
                    return Action.onSubscription("Meterwise/" + type + "/action", Permission.READ, subscription);
                }
            }
            return Action.onSubscription("Meterwise/unmapped/" + verb(method), Permission.OPERATE, subscription);
        }
        if (n == 3 && read && is(s.get(0), "providers") && is(s.get(2), "operations")
                && OPERATIONS_PROVIDERS.stream().anyMatch(p -> is(s.get(1), p))) {
            return Action.atRoot(s.get(1) + "/operations/read", Permission.SIGNED_IN);
        }
        if (n == 3 && is(s.get(0), "providers") && is(s.get(1), "Meterwise") && is(s.get(2), "estimate")
                && method.equals("POST")) {
            // a list-price quote reads only public list prices: any signed-in caller (ADR 0032)
            return Action.atRoot("Meterwise/estimate/action", Permission.SIGNED_IN);
        }
        if (n >= 2 && is(s.get(0), "providers") && isCostProvider(s.get(n - 2))) {
            // cost at a scope Meterwise does not have (billing account, management group): the API answers 400
            return Action.atRoot(s.get(n - 2) + "/" + s.get(n - 1) + "/" + verb(method), Permission.SIGNED_IN);
        }
        if (n >= 2 && is(s.get(0), "providers") && is(s.get(1), "Meterwise")) {
            String type = n >= 3 ? s.get(2) : "*";
            return Action.atRoot("Meterwise/" + type + "/" + verb(method), Permission.OPERATE);
        }
        return Action.atRoot("Meterwise/unmapped/" + verb(method), Permission.OPERATE);
    }

    /**
     * Cost Management and Consumption reads of a subscription, at subscription, resource-group or billing-period scope
     * ({@code .../providers/Microsoft.CostManagement/query} is a POST that only reads): Reader and Billing Reader may.
     */
    private static Optional<Action> costRead(List<String> s, String subscription) {
        int n = s.size();
        int providers = -1;
        for (int i = 2; i < n - 2; i++) {
            if (is(s.get(i), "providers")) {
                providers = i;
            }
        }
        if (providers < 0 || !isCostProvider(s.get(providers + 1))) {
            return Optional.empty();
        }
        boolean subscriptionScope = providers == 2;
        boolean resourceGroupScope = providers == 4 && is(s.get(2), "resourceGroups");
        boolean billingPeriodScope = providers == 6 && is(s.get(2), "providers") && is(s.get(3), "Microsoft.Billing")
                && is(s.get(4), "billingPeriods");
        if (!subscriptionScope && !resourceGroupScope && !billingPeriodScope) {
            return Optional.empty();
        }
        String provider = is(s.get(providers + 1), "Microsoft.Consumption") ? "Microsoft.Consumption"
                : "Microsoft.CostManagement";
        return Optional.of(Action.onSubscription(provider + "/" + s.get(providers + 2) + "/read", Permission.READ,
                subscription));
    }

    /**
     * Budgets, usage alert rules and cost alerts at subscription or resource-group scope (ADR 0041): Reader and
     * Billing Reader read them; Contributor and Owner create, change, delete budgets and rules and dismiss alerts.
     */
    private static Optional<Action> budgetRoute(String method, boolean read, List<String> s, String subscription) {
        int n = s.size();
        int providers = n >= 5 && is(s.get(2), "providers") ? 2
                : n >= 7 && is(s.get(2), "resourceGroups") && is(s.get(4), "providers") ? 4 : -1;
        if (providers < 0) {
            return Optional.empty();
        }
        String provider = s.get(providers + 1);
        String type = s.get(providers + 2);
        String name;
        if (is(provider, "Microsoft.Consumption") && is(type, "budgets")) {
            name = "Microsoft.Consumption/budgets";
        } else if (is(provider, "Meterwise") && is(type, "usageAlertRules")) {
            name = "Meterwise/usageAlertRules";
        } else if (is(provider, "Microsoft.CostManagement") && is(type, "alerts")) {
            name = "Microsoft.CostManagement/alerts";
        } else {
            return Optional.empty();
        }
        return Optional.of(Action.onSubscription(name + "/" + verb(method),
                read ? Permission.READ : Permission.MANAGE_COST, subscription));
    }

    /**
     * Cost Management exports at subscription or resource-group scope: every role reads them and their run history;
     * Owner and Contributor create, replace, delete and run them (a run writes files to the export's destination).
     */
    private static Optional<Action> exports(String method, boolean read, List<String> s, String subscription) {
        int n = s.size();
        int providers = n >= 5 && is(s.get(2), "providers") ? 2
                : n >= 7 && is(s.get(2), "resourceGroups") && is(s.get(4), "providers") ? 4 : -1;
        if (providers < 0 || !is(s.get(providers + 1), "Microsoft.CostManagement")
                || !is(s.get(providers + 2), "exports")) {
            return Optional.empty();
        }
        int rest = n - providers - 3; // segments after .../exports: none, {name}, {name}/run, {name}/runHistory
        boolean runHistory = rest == 2 && is(s.get(n - 1), "runHistory");
        boolean run = rest == 2 && is(s.get(n - 1), "run");
        if (read && (rest <= 1 || runHistory)) {
            return Optional.of(Action.onSubscription("Microsoft.CostManagement/exports/read", Permission.READ,
                    subscription));
        }
        if (!read && rest == 1 && !method.equals("POST")) {
            return Optional.of(Action.onSubscription("Microsoft.CostManagement/exports/" + verb(method),
                    Permission.MANAGE_COST, subscription));
        }
        if (run && method.equals("POST")) {
            return Optional.of(Action.onSubscription("Microsoft.CostManagement/exports/action", Permission.MANAGE_COST,
                    subscription));
        }
        return Optional.of(Action.onSubscription("Meterwise/unmapped/" + verb(method), Permission.OPERATE,
                subscription));
    }

    private static boolean isCostProvider(String segment) {
        return is(segment, "Microsoft.CostManagement") || is(segment, "Microsoft.Consumption");
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

package io.meterwise.server.http.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;

/**
 * {@code GET /providers/{provider}/operations} ({@code Operations_List}) for the providers Meterwise serves: tooling
 * calls it to discover what an endpoint offers. Each lists exactly the operations Meterwise implements, in the ARM
 * operation shape ({@code name}, {@code isDataAction}, {@code display}); any signed-in caller may read it.
 */
@RestController
class OperationsController {

    static final List<String> BILLING_VERSIONS = List.of("2017-02-27-preview", "2017-04-24-preview",
            "2018-03-01-preview");
    static final List<String> COMMERCE_VERSIONS = List.of("2015-06-01-preview");
    static final List<String> AUTHORIZATION_VERSIONS = List.of("2022-04-01", "2015-07-01", "2018-01-01-preview");

    @GetMapping("/providers/Microsoft.Billing/operations")
    Map<String, Object> billing(HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), BILLING_VERSIONS);
        return list(
                operation("Microsoft.Billing", "Invoices", "invoices/read", "List invoices",
                        "Lists the invoices of a subscription and reads one, with its download URL."),
                operation("Microsoft.Billing", "Billing Periods", "billingPeriods/read", "List billing periods",
                        "Lists the billing periods of a subscription and reads one."),
                operation("Microsoft.Billing", "Invoice Settings", "invoiceSettings/read", "Read invoice settings",
                        "Reads whether invoices of the subscription may be downloaded through the API."),
                operation("Microsoft.Billing", "Invoice Settings", "invoiceSettings/write",
                        "Update invoice settings", "Opts the subscription in or out of invoice download."),
                operation("Microsoft.Billing", "Operations", "operations/read", "List operations",
                        "Lists the operations of the Microsoft.Billing provider."));
    }

    @GetMapping("/providers/Microsoft.Commerce/operations")
    Map<String, Object> commerce(HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), COMMERCE_VERSIONS);
        return list(
                operation("Microsoft.Commerce", "Usage Aggregates", "UsageAggregates/read", "Get usage aggregates",
                        "Reads the usage of a subscription, by reported time window, in daily or hourly buckets."),
                operation("Microsoft.Commerce", "Rate Card", "RateCard/read", "Get rate card",
                        "Reads the meters and prices of an offer."),
                operation("Microsoft.Commerce", "Operations", "operations/read", "List operations",
                        "Lists the operations of the Microsoft.Commerce provider."));
    }

    @GetMapping("/providers/Microsoft.Authorization/operations")
    Map<String, Object> authorization(HttpServletRequest request) {
        ApiVersions.require(ArmQuery.of(request), AUTHORIZATION_VERSIONS);
        return list(
                operation("Microsoft.Authorization", "Role Assignment", "roleAssignments/read",
                        "Get role assignment", "Gets a role assignment, or lists those at a scope."),
                operation("Microsoft.Authorization", "Role Assignment", "roleAssignments/write",
                        "Create role assignment", "Creates a role assignment at a scope."),
                operation("Microsoft.Authorization", "Role Assignment", "roleAssignments/delete",
                        "Delete role assignment", "Deletes a role assignment at a scope."),
                operation("Microsoft.Authorization", "Role Definition", "roleDefinitions/read",
                        "Get role definition", "Gets a built-in role definition, or lists them."),
                operation("Microsoft.Authorization", "Operations", "operations/read", "List operations",
                        "Lists the operations of the Microsoft.Authorization provider."));
    }

    @SafeVarargs
    private static Map<String, Object> list(Map<String, Object>... operations) {
        return Map.of("value", List.of(operations));
    }

    private static Map<String, Object> operation(String provider, String resource, String action, String operation,
            String description) {
        Map<String, Object> display = new LinkedHashMap<>();
        display.put("provider", provider);
        display.put("resource", resource);
        display.put("operation", operation);
        display.put("description", description);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", provider + "/" + action);
        body.put("isDataAction", false);
        body.put("display", display);
        return body;
    }
}

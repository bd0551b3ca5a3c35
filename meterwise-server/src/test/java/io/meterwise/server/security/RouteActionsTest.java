package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.meterwise.core.access.Action;
import io.meterwise.core.access.Permission;

class RouteActionsTest {

    private static final String SUB = "6d0a8a4e-2f0b-4c55-8f57-1f3b9f1a7c11";

    @ParameterizedTest
    @CsvSource({
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Commerce/UsageAggregates, Microsoft.Commerce/UsageAggregates/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Commerce/RateCard, Microsoft.Commerce/RateCard/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/microsoft.commerce/usageaggregates, Microsoft.Commerce/usageaggregates/read, READ",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.Commerce/UsageAggregates, Microsoft.Commerce/UsageAggregates/action, OPERATE",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices, Microsoft.Billing/invoices/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices/202611-1, Microsoft.Billing/invoices/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices/latest/download, Microsoft.Billing/invoices/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods, Microsoft.Billing/billingPeriods/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoiceSettings/default, Microsoft.Billing/invoiceSettings/write, WRITE_BILLING",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices/x/optIn, Microsoft.Billing/invoices/action, WRITE_BILLING",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleAssignments, Microsoft.Authorization/roleAssignments/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleAssignments/x, Microsoft.Authorization/roleAssignments/write, MANAGE_ACCESS",
            "DELETE, /subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleAssignments/x, Microsoft.Authorization/roleAssignments/delete, MANAGE_ACCESS",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions, Microsoft.Authorization/roleDefinitions/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/x, Microsoft.Authorization/roleDefinitions/write, OPERATE",
            "GET, /subscriptions/" + SUB + ", Microsoft.Resources/subscriptions/read, READ",
            "PUT, /subscriptions/" + SUB + ", Microsoft.Resources/subscriptions/write, OPERATE",
            "GET, /subscriptions/" + SUB + "/resourceGroups, Meterwise/unmapped/read, OPERATE",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/query, Microsoft.CostManagement/query/read, READ",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/forecast, Microsoft.CostManagement/forecast/read, READ",
            "POST, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.CostManagement/forecast, Microsoft.CostManagement/forecast/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Meterwise/chargebackRules/v1, Meterwise/chargebackRules/write, MANAGE_COST",
            "DELETE, /subscriptions/" + SUB + "/providers/meterwise/ChargebackRules/v1, Meterwise/chargebackRules/delete, MANAGE_COST",
            "GET, /subscriptions/" + SUB + "/providers/Meterwise/chargebackRules, Meterwise/chargebackRules/read, READ",
            "POST, /subscriptions/" + SUB + "/providers/Meterwise/chargeback, Meterwise/chargeback/action, READ",
            "POST, /subscriptions/" + SUB + "/providers/Meterwise/chargeback/records, Meterwise/chargeback/action, READ",
            "GET, /subscriptions/" + SUB + "/providers/Meterwise/chargeback, Meterwise/unmapped/read, OPERATE",
            "POST, /subscriptions/" + SUB + "/resourceGroups/rg/providers/microsoft.costmanagement/Query, Microsoft.CostManagement/Query/read, READ",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods/202609/providers/Microsoft.CostManagement/query, Microsoft.CostManagement/query/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Consumption/usageDetails, Microsoft.Consumption/usageDetails/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods/202609/providers/Microsoft.Consumption/pricesheets/default, Microsoft.Consumption/pricesheets/read, READ",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.Billing/billingPeriods/202609/providers/Microsoft.Commerce/x, Microsoft.Billing/billingPeriods/action, WRITE_BILLING",
            "POST, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Compute/vm/x/providers/Microsoft.CostManagement/query, Meterwise/unmapped/action, OPERATE",
            "GET, /subscriptions/" + SUB + ";x=1/providers/Microsoft.Billing/invoices, Microsoft.Billing/invoices/read, READ",
            "GET, //subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions, Microsoft.Authorization/roleDefinitions/read, READ"})
    void subscriptionRoutesActOnTheirSubscription(String method, String path, String action, Permission permission) {
        Action resolved = RouteActions.resolve(method, path).orElseThrow();
        assertThat(resolved.name()).isEqualTo(action);
        assertThat(resolved.permission()).isEqualTo(permission);
        assertThat(resolved.scope()).isEqualTo("/subscriptions/" + SUB);
        assertThat(resolved.subscriptionId()).hasToString(SUB);
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /subscriptions, Microsoft.Resources/subscriptions/read, SIGNED_IN",
            "POST, /subscriptions, Microsoft.Resources/subscriptions/write, OPERATE",
            "POST, /providers/Meterwise/usage, Meterwise/usage/action, OPERATE",
            "PUT, /providers/Meterwise/offers/MS-AZR-0003P, Meterwise/offers/write, OPERATE",
            "GET, /providers/Meterwise/meters, Meterwise/meters/read, OPERATE",
            "PUT, /providers/Meterwise/prices/x, Meterwise/prices/write, OPERATE",
            "POST, /providers/Meterwise/subscriptions, Meterwise/subscriptions/action, OPERATE",
            "GET, /providers/meterwise/principals, Meterwise/principals/read, OPERATE",
            "GET, /no/such/thing, Meterwise/unmapped/read, OPERATE",
            "GET, /, Meterwise/unmapped/read, OPERATE",
            "GET, /healthz, Meterwise/unmapped/read, OPERATE",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices/../../../../../providers/Meterwise/x, Meterwise/unmapped/read, OPERATE",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices/%2e%2e/x, Meterwise/unmapped/read, OPERATE",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Billing/a%2Fb, Meterwise/unmapped/read, OPERATE",
            "GET, /oauth2/token/.., Meterwise/unmapped/read, OPERATE",
            "GET, /providers/Microsoft.Billing/operations, Microsoft.Billing/operations/read, SIGNED_IN",
            "GET, /providers/microsoft.commerce/Operations, microsoft.commerce/operations/read, SIGNED_IN",
            "GET, /providers/Microsoft.Authorization/operations, Microsoft.Authorization/operations/read, SIGNED_IN",
            "POST, /providers/Microsoft.Billing/operations, Meterwise/unmapped/action, OPERATE",
            "GET, /providers/Microsoft.Compute/operations, Meterwise/unmapped/read, OPERATE",
            "GET, /meterwise/v2.0/.well-known/openid-configuration/x, Meterwise/unmapped/read, OPERATE",
            "GET, /meterwise/oauth2/v2.0/keys, Meterwise/unmapped/read, OPERATE"})
    void rootRoutesAreTheOperatorsUnlessMerelySignedIn(String method, String path, String action,
            Permission permission) {
        Action resolved = RouteActions.resolve(method, path).orElseThrow();
        assertThat(resolved.name()).isEqualTo(action);
        assertThat(resolved.permission()).isEqualTo(permission);
        assertThat(resolved.scope()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/actuator/health", "/actuator/health/liveness",
            "/.well-known/openid-configuration", "/.well-known/jwks.json", "/oauth2/token",
            "/meterwise/v2.0/.well-known/openid-configuration", "/organizations/oauth2/v2.0/token",
            "/meterwise/oauth2/v2.0/authorize"})
    void healthDiscoveryKeysAndTokenArePublic(String path) {
        assertThat(RouteActions.resolve("GET", path)).isEqualTo(Optional.empty());
        assertThat(RouteActions.resolve("POST", path)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token/x", "/.well-known/jwks.json/../x", "/health/x"})
    void onlyExactPublicPathsArePublic(String path) {
        assertThat(RouteActions.resolve("GET", path)).isPresent();
    }
}

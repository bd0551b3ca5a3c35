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
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports, Microsoft.CostManagement/exports/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/e1, Microsoft.CostManagement/exports/read, READ",
            "GET, /subscriptions/" + SUB + "/resourceGroups/rg/providers/microsoft.costmanagement/Exports/e1/runHistory, Microsoft.CostManagement/exports/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/e1, Microsoft.CostManagement/exports/write, MANAGE_COST",
            "PUT, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.CostManagement/exports/e1, Microsoft.CostManagement/exports/write, MANAGE_COST",
            "DELETE, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/e1, Microsoft.CostManagement/exports/delete, MANAGE_COST",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/e1/run, Microsoft.CostManagement/exports/action, MANAGE_COST",
            "POST, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.CostManagement/exports/e1/RUN, Microsoft.CostManagement/exports/action, MANAGE_COST",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports, Meterwise/unmapped/action, OPERATE",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/e1/runHistory, Meterwise/unmapped/write, OPERATE",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/e1/other, Meterwise/unmapped/read, OPERATE",
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
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets, Microsoft.Consumption/budgets/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets/b1, Microsoft.Consumption/budgets/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets/b1, Microsoft.Consumption/budgets/write, MANAGE_COST",
            "DELETE, /subscriptions/" + SUB + "/providers/microsoft.consumption/Budgets/b1, Microsoft.Consumption/budgets/delete, MANAGE_COST",
            "GET, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Consumption/budgets, Microsoft.Consumption/budgets/read, READ",
            "PUT, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Consumption/budgets/b1, Microsoft.Consumption/budgets/write, MANAGE_COST",
            "DELETE, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Consumption/budgets/b1, Microsoft.Consumption/budgets/delete, MANAGE_COST",
            "POST, /subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets/b1, Microsoft.Consumption/budgets/action, MANAGE_COST",
            "PUT, /subscriptions/" + SUB + "/providers/Microsoft.Consumption/budgets/b1/x/y, Microsoft.Consumption/budgets/write, MANAGE_COST",
            "GET, /subscriptions/" + SUB + "/providers/Meterwise/usageAlertRules, Meterwise/usageAlertRules/read, READ",
            "PUT, /subscriptions/" + SUB + "/providers/Meterwise/usageAlertRules/r1, Meterwise/usageAlertRules/write, MANAGE_COST",
            "DELETE, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Meterwise/usageAlertRules/r1, Meterwise/usageAlertRules/delete, MANAGE_COST",
            "GET, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Meterwise/usageAlertRules/r1, Meterwise/usageAlertRules/read, READ",
            "GET, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/alerts, Microsoft.CostManagement/alerts/read, READ",
            "GET, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.CostManagement/alerts/a1, Microsoft.CostManagement/alerts/read, READ",
            "PATCH, /subscriptions/" + SUB + "/providers/Microsoft.CostManagement/alerts/a1, Microsoft.CostManagement/alerts/write, MANAGE_COST",
            "PATCH, /subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.CostManagement/alerts/a1, Microsoft.CostManagement/alerts/write, MANAGE_COST",
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
            "PUT, /providers/Meterwise/webhooks/ops, Meterwise/webhooks/write, OPERATE",
            "GET, /providers/Meterwise/webhooks, Meterwise/webhooks/read, OPERATE",
            "GET, /providers/Meterwise/webhooks/ops, Meterwise/webhooks/read, OPERATE",
            "DELETE, /providers/Meterwise/webhooks/ops, Meterwise/webhooks/delete, OPERATE",
            "GET, /providers/Meterwise/deliveries, Meterwise/deliveries/read, OPERATE",
            "GET, /providers/Meterwise/usageBatches, Meterwise/usageBatches/read, OPERATE",
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

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard", "/dashboard/", "/dashboard/app.js", "/dashboard/views/month.js",
            "//dashboard/index.html", "/webjars/echarts/5.3.1/dist/echarts.esm.min.js"})
    void theDashboardsStaticFilesArePublicToReadOnly(String path) {
        assertThat(RouteActions.resolve("GET", path)).isEqualTo(Optional.empty());
        assertThat(RouteActions.resolve("HEAD", path)).isEqualTo(Optional.empty());
        assertThat(RouteActions.resolve("POST", path).orElseThrow().permission()).isEqualTo(Permission.OPERATE);
        assertThat(RouteActions.resolve("PUT", path).orElseThrow().permission()).isEqualTo(Permission.OPERATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/../providers/Meterwise/principals", "/dashboard/%2e%2e/providers/Meterwise/x",
            "/webjars/..%2Fproviders/Meterwise/principals", "/Dashboard/app.js", "/dashboardx"})
    void nothingElseHidesBehindTheDashboardsPaths(String path) {
        assertThat(RouteActions.resolve("GET", path).orElseThrow().permission()).isEqualTo(Permission.OPERATE);
    }
}

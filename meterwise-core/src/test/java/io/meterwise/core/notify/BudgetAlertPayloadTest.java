package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BudgetAlertPayloadTest {

    @Test
    void hasAzuresBudgetAlertShapeWithStringValuesAndTheThresholdAsAFraction() {
        Map<String, Object> body = BudgetAlertPayload.of(Notices.notice("alert-1", List.of(), List.of("ops")),
                "Contoso web");
        assertThat(body.keySet()).containsExactly("schemaId", "data");
        assertThat(body.get("schemaId")).isEqualTo("AIP Budget Notification");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        assertThat(data.keySet()).startsWith("SubscriptionName", "SubscriptionId", "SpendingAmount",
                "BudgetStartDate", "Budget", "Unit", "BudgetCreator", "BudgetName", "BudgetType", "ResourceGroup",
                "NotificationThresholdAmount");
        assertThat(data.values()).allMatch(v -> v instanceof String);
        assertThat(data).containsEntry("SubscriptionName", "Contoso web")
                .containsEntry("SubscriptionId", "3c1d2e4f-0000-4000-8000-0000000000b1")
                .containsEntry("ResourceGroup", "web")
                .containsEntry("SpendingAmount", "912.345")
                .containsEntry("Budget", "1000")
                .containsEntry("Unit", "EUR")
                .containsEntry("BudgetStartDate", "10/1/2026")
                .containsEntry("BudgetName", "monthly-web")
                .containsEntry("BudgetType", "Cost")
                .containsEntry("NotificationThresholdAmount", "0.9")
                .containsEntry("ThresholdType", "Actual")
                .containsEntry("AlertId", "alert-1")
                .containsEntry("PeriodEnd", "2026-10-31")
                .containsEntry("FiredAt", "2026-10-20T13:45:00Z");
    }

    @Test
    void aSubscriptionScopeHasNoResourceGroupAndAUsageRuleIsNotCost() {
        AlertNotice n = Notices.notice("a", List.of(), List.of());
        AlertNotice usage = new AlertNotice(n.id(), "/subscriptions/abc", n.ruleName(), AlertNotice.Kind.USAGE,
                "Forecasted", n.operator(), new java.math.BigDecimal("110"), new java.math.BigDecimal("500"),
                new java.math.BigDecimal("551.0"), "GB", n.periodStart(), n.periodEnd(), n.firedAt(), List.of(),
                List.of(), List.of(), "en-us");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) BudgetAlertPayload.of(usage, null).get("data");
        assertThat(data).containsEntry("SubscriptionId", "abc").containsEntry("ResourceGroup", "")
                .containsEntry("SubscriptionName", "").containsEntry("BudgetType", "Usage")
                .containsEntry("NotificationThresholdAmount", "1.1").containsEntry("SpendingAmount", "551")
                .containsEntry("ThresholdType", "Forecasted");
    }
}

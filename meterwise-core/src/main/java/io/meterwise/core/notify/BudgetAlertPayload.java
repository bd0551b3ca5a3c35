package io.meterwise.core.notify;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON body of a webhook delivery, in the shape of Azure's budget alert to an Action Group webhook
 * ({@code {"schemaId":"AIP Budget Notification","data":{...}}}, every value a string, the threshold a fraction of
 * the budget, the start date as {@code M/d/yyyy}). Fields after {@code NotificationThresholdAmount} are Meterwise
 * additions (ISO dates, the alert id, the firing time in UTC); receivers built for Azure ignore them.
 */
public final class BudgetAlertPayload {

    public static final String SCHEMA_ID = "AIP Budget Notification";
    private static final DateTimeFormatter AZURE_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);

    private BudgetAlertPayload() {
    }

    /** The body as an ordered tree of maps and strings, to be written as JSON by the adapter. */
    public static Map<String, Object> of(AlertNotice notice, @Nullable String subscriptionName) {
        Scope scope = Scope.parse(notice.scope());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("SubscriptionName", subscriptionName == null ? "" : subscriptionName);
        data.put("SubscriptionId", scope.subscriptionId());
        data.put("SpendingAmount", plain(notice.observed()));
        data.put("BudgetStartDate", AZURE_DATE.format(notice.periodStart()));
        data.put("Budget", plain(notice.limit()));
        data.put("Unit", notice.unit());
        data.put("BudgetCreator", "");
        data.put("BudgetName", notice.ruleName());
        data.put("BudgetType", notice.kind() == AlertNotice.Kind.COST ? "Cost" : "Usage");
        data.put("ResourceGroup", scope.resourceGroup());
        data.put("NotificationThresholdAmount", plain(notice.thresholdPercent().movePointLeft(2)));
        data.put("ThresholdType", notice.thresholdType());
        data.put("Operator", notice.operator());
        data.put("ThresholdPercent", plain(notice.thresholdPercent()));
        data.put("AlertId", notice.id());
        data.put("Scope", notice.scope());
        data.put("PeriodStart", notice.periodStart().toString());
        data.put("PeriodEnd", notice.periodEnd().toString());
        data.put("FiredAt", notice.firedAt().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemaId", SCHEMA_ID);
        body.put("data", data);
        return body;
    }

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** The subscription and resource group of an ARM scope; empty strings where the scope has none. */
    record Scope(String subscriptionId, String resourceGroup) {

        static Scope parse(String scope) {
            String[] s = scope.split("/");
            String subscription = "";
            String group = "";
            for (int i = 0; i + 1 < s.length; i++) {
                if (s[i].equalsIgnoreCase("subscriptions") && subscription.isEmpty()) {
                    subscription = s[i + 1];
                } else if (s[i].equalsIgnoreCase("resourceGroups") && group.isEmpty()) {
                    group = s[i + 1];
                }
            }
            return new Scope(subscription, group);
        }
    }
}

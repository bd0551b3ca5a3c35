package io.meterwise.core.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What is known about one fired alert when it fires: enough to render Azure's budget-alert payload, an e-mail and a
 * delivery log entry without reading anything else.
 *
 * @param id           the fired alert's id; the idempotency key of everything delivered for it
 * @param scope        ARM scope of the budget or usage rule, e.g. {@code /subscriptions/{id}} or
 *                     {@code /subscriptions/{id}/resourceGroups/{rg}}
 * @param ruleName     the budget's (or usage rule's) name
 * @param kind         {@link Kind#COST} for a money budget, {@link Kind#USAGE} for a quantity rule
 * @param thresholdType {@code Actual} or {@code Forecasted}
 * @param operator     {@code GreaterThan} or {@code GreaterThanOrEqualTo} as in the budget notification
 * @param thresholdPercent the notification threshold, percent of {@code limit} (e.g. 90)
 * @param limit        the budget amount (money) or the rule's quantity
 * @param observed     spend (or quantity, or forecast) at firing time
 * @param unit         ISO currency code for money, the unit of measure for a usage rule
 * @param periodStart  first day of the budget period (UTC)
 * @param periodEnd    last day of the budget period (UTC, inclusive)
 * @param firedAt      when the threshold was found crossed
 * @param contactEmails e-mail recipients
 * @param contactGroups webhook endpoints (Action Group stand-ins) registered through the operator API, by id
 * @param contactRoles role names whose holders are notified where an address is known
 * @param locale       the notification's locale, e.g. {@code en-us}
 */
public record AlertNotice(
        String id,
        String scope,
        String ruleName,
        Kind kind,
        String thresholdType,
        String operator,
        BigDecimal thresholdPercent,
        BigDecimal limit,
        BigDecimal observed,
        String unit,
        LocalDate periodStart,
        LocalDate periodEnd,
        Instant firedAt,
        List<String> contactEmails,
        List<String> contactGroups,
        List<String> contactRoles,
        String locale) {

    /** Whether the rule measures money or a quantity. */
    public enum Kind { COST, USAGE }

    public AlertNotice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(thresholdType, "thresholdType");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(thresholdPercent, "thresholdPercent");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(firedAt, "firedAt");
        contactEmails = List.copyOf(contactEmails);
        contactGroups = List.copyOf(contactGroups);
        contactRoles = List.copyOf(contactRoles);
        Objects.requireNonNull(locale, "locale");
    }
}

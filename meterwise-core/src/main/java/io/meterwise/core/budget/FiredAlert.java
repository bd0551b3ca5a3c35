package io.meterwise.core.budget;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.notify.AlertNotice;

/**
 * A threshold found crossed: what the rule and notification said and what was measured when it fired. {@code id} is
 * derived from the rule, the notification and the period ({@link #idOf}), so firing the same threshold of the same
 * period again names the same alert: the store keeps the first.
 */
public record FiredAlert(UUID id, Budget rule, String notificationName, Notification notification,
        BudgetPeriod period, BigDecimal observed, String unit, Instant firedAt, AlertStatus status,
        @Nullable Instant statusModifiedAt, @Nullable String statusModifiedBy, @Nullable Instant enqueuedAt) {

    public FiredAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(notificationName, "notificationName");
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(firedAt, "firedAt");
        Objects.requireNonNull(status, "status");
    }

    /**
     * The identity of one threshold in one period: the rule's creation id, the notification's name, its threshold type
     * and value, and the period's first day. Changing the threshold of a notification makes it a new threshold.
     */
    public static UUID idOf(Budget rule, String notificationName, Notification notification, BudgetPeriod period) {
        String key = rule.ruleId() + "|" + notificationName + "|" + notification.thresholdType().wireName() + "|"
                + notification.threshold().stripTrailingZeros().toPlainString() + "|" + period.start();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    public FiredAlert withStatus(AlertStatus newStatus, Instant at, String by) {
        return new FiredAlert(id, rule, notificationName, notification, period, observed, unit, firedAt, newStatus,
                at, by, enqueuedAt);
    }

    /** What delivery needs to tell the contacts. */
    public AlertNotice notice() {
        return new AlertNotice(id.toString(), rule.scope().armId(), rule.name(),
                rule.measure() == Measure.COST ? AlertNotice.Kind.COST : AlertNotice.Kind.USAGE,
                notification.thresholdType().wireName(), notification.operator().wireName(),
                notification.threshold(), rule.amount(), observed, unit, period.start(), period.end(), firedAt,
                notification.contactEmails(), notification.contactGroups(), notification.contactRoles(),
                notification.locale());
    }
}

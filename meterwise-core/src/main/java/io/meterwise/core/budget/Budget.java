package io.meterwise.core.budget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A budget ({@link Measure#COST}: money of the scope's charges passing {@code filter}) or a usage alert rule
 * ({@link Measure#USAGE}: quantity of meter {@code meterId} in those charges), limited to {@code amount} per period.
 * Periods last {@code timeGrain} from {@code startDate} (the first of a month) and stop at {@code endDate}
 * (inclusive; the last period may be shorter). {@code ruleId} is fixed when the rule is created and kept by updates,
 * so a rule deleted and created again under the same name starts afresh. {@code eTag} changes with every write.
 */
public record Budget(BudgetScope scope, Measure measure, String name, UUID ruleId, BigDecimal amount,
        BudgetGrain timeGrain, LocalDate startDate, LocalDate endDate, @Nullable BudgetFilter filter,
        @Nullable UUID meterId, Map<String, Notification> notifications, String eTag) {

    public Budget {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(timeGrain, "timeGrain");
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(endDate, "endDate");
        if (measure == Measure.USAGE && meterId == null) {
            throw new IllegalArgumentException("a usage rule names its meter");
        }
        notifications = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notifications));
        Objects.requireNonNull(eTag, "eTag");
    }

    /** The period holding {@code day}; empty before the start date and after the end date. */
    public Optional<BudgetPeriod> periodOn(LocalDate day) {
        if (day.isBefore(startDate) || day.isAfter(endDate)) {
            return Optional.empty();
        }
        long months = java.time.temporal.ChronoUnit.MONTHS.between(startDate, day);
        LocalDate start = startDate.plusMonths(months - months % timeGrain.months());
        LocalDate end = start.plusMonths(timeGrain.months()).minusDays(1);
        return Optional.of(new BudgetPeriod(start, end.isAfter(endDate) ? endDate : end));
    }

    /** The period the API reports spend for on {@code day}: the current one, else the first (before) or last (after). */
    public BudgetPeriod reportingPeriod(LocalDate day) {
        if (day.isBefore(startDate)) {
            return periodOn(startDate).orElseThrow();
        }
        if (day.isAfter(endDate)) {
            return periodOn(endDate).orElseThrow();
        }
        return periodOn(day).orElseThrow();
    }

    public Budget withETag(String newETag) {
        return new Budget(scope, measure, name, ruleId, amount, timeGrain, startDate, endDate, filter, meterId,
                notifications, newETag);
    }

    public Budget withRuleId(UUID id) {
        return new Budget(scope, measure, name, id, amount, timeGrain, startDate, endDate, filter, meterId,
                notifications, eTag);
    }

    public boolean hasForecastedThreshold() {
        return notifications.values().stream()
                .anyMatch(n -> n.thresholdType() == Notification.ThresholdType.FORECASTED);
    }
}

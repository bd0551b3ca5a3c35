package io.meterwise.core.forecast;

import java.math.BigDecimal;
import java.math.MathContext;

import io.meterwise.core.money.Money;

/**
 * The naive baseline a forecast must beat: spend so far divided by the elapsed days, times the days of the period.
 */
public final class RunRate {

    private RunRate() {
    }

    public static Money of(Money spentSoFar, int elapsedDays, int daysInPeriod) {
        if (elapsedDays <= 0 || elapsedDays > daysInPeriod) {
            throw new IllegalArgumentException("elapsed days must be in [1, " + daysInPeriod + "], was " + elapsedDays);
        }
        BigDecimal perDay = spentSoFar.amount().divide(BigDecimal.valueOf(elapsedDays), MathContext.DECIMAL64);
        return Money.of(perDay.multiply(BigDecimal.valueOf(daysInPeriod)), spentSoFar.currency());
    }
}

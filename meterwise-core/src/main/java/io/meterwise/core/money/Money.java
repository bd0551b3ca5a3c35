package io.meterwise.core.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

import io.meterwise.core.limits.Decimals;

/**
 * An amount in a currency, already rounded to the currency's minor unit. Built only through {@link #of} (which rounds
 * with {@link Rounding}) or {@link #exact} (which refuses an amount finer than the minor unit).
 */
public record Money(BigDecimal amount, Currency currency) {

    /** Digits before the point of an amount read with {@link #exact}: the store keeps 29. */
    private static final int MAX_DIGITS = 29;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.scale() != Rounding.minorDigits(currency)) {
            throw new IllegalArgumentException(
                    "amount " + Decimals.show(amount) + " is not at the minor unit of " + currency);
        }
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(Rounding.toMinorUnit(amount, currency), currency);
    }

    public static Money exact(String amount, String currencyCode) {
        Currency currency = Currency.getInstance(currencyCode);
        BigDecimal value = Decimals.parse(amount);
        if (value.scale() > Rounding.minorDigits(currency)) {
            throw new IllegalArgumentException(Decimals.show(value) + " has more decimals than " + currencyCode + " allows");
        }
        if ((long) value.precision() - value.scale() > MAX_DIGITS) {
            throw new IllegalArgumentException(Decimals.show(value) + " has more than " + MAX_DIGITS
                    + " digits before the point");
        }
        return new Money(value.setScale(Rounding.minorDigits(currency)), currency);
    }

    public static Money zero(Currency currency) {
        return of(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public int compareAmount(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}

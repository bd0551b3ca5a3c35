package io.meterwise.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * The one rounding rule of Meterwise (ADR 0003): rates and quantities keep full precision; an amount is rounded once,
 * half up, to the minor unit of its currency ({@link Currency#getDefaultFractionDigits()}), at the moment it becomes a
 * charge line. Sums of charge lines are exact and never rounded again.
 */
public final class Rounding {

    public static final RoundingMode MODE = RoundingMode.HALF_UP;

    private Rounding() {
    }

    public static BigDecimal toMinorUnit(BigDecimal amount, Currency currency) {
        return amount.setScale(minorDigits(currency), MODE);
    }

    public static int minorDigits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        return digits < 0 ? 0 : digits;
    }
}

package io.meterwise.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency BHD = Currency.getInstance("BHD");

    @Test
    void roundsHalfUpToTheMinorUnitOfTheCurrency() {
        assertThat(Money.of(new BigDecimal("0.005"), USD).amount()).isEqualByComparingTo("0.01");
        assertThat(Money.of(new BigDecimal("0.0049999"), USD).amount()).isEqualByComparingTo("0.00");
        assertThat(Money.of(new BigDecimal("-0.005"), USD).amount()).isEqualByComparingTo("-0.01");
        assertThat(Money.of(new BigDecimal("12.5"), JPY).amount()).isEqualByComparingTo("13");
        assertThat(Money.of(new BigDecimal("1.0005"), BHD).amount()).isEqualByComparingTo("1.001");
    }

    @Test
    void keepsTheScaleOfTheMinorUnit() {
        assertThat(Money.of(BigDecimal.ONE, USD).amount().scale()).isEqualTo(2);
        assertThat(Money.of(BigDecimal.ONE, JPY).amount().scale()).isZero();
    }

    @Test
    void refusesAmountsFinerThanTheMinorUnitWhenExact() {
        assertThatThrownBy(() -> Money.exact("1.001", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.exact("1.5", "USD").amount()).isEqualByComparingTo("1.50");
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.zero(USD).plus(Money.zero(JPY))).isInstanceOf(IllegalArgumentException.class);
    }
}

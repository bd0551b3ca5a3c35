package io.meterwise.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.SupportedTime;

class LimitsTest {

    /** The store's DECIMAL(38, 9) holds values below 1e29. */
    private static final BigDecimal STORE_LIMIT = BigDecimal.TEN.pow(29);
    private static final BigDecimal NANO = new BigDecimal("0.000000001");

    @Test
    void everySumOfTheLargestAllowedValuesFitsTheStore() {
        BigDecimal largestQuantity = Limits.QUANTITY_LIMIT.subtract(NANO);
        BigDecimal largestPrice = Limits.UNIT_PRICE_LIMIT.subtract(BigDecimal.ONE.movePointLeft(
                Limits.MAX_UNIT_PRICE_DECIMALS));
        BigDecimal records = BigDecimal.valueOf(Limits.MAX_RECORDS_PER_SUBSCRIPTION);
        BigDecimal lifetimeQuantity = largestQuantity.multiply(records);
        BigDecimal lifetimeCharges = lifetimeQuantity.multiply(largestPrice);
        // an invoice: its own period plus, for earlier periods, re-rated minus invoiced amounts
        BigDecimal worstInvoice = lifetimeCharges.multiply(BigDecimal.valueOf(3));
        long periods = 200L * 12;
        BigDecimal worstTerms = Limits.AMOUNT_LIMIT.multiply(BigDecimal.valueOf(periods * 2));

        assertThat(lifetimeQuantity).isLessThan(STORE_LIMIT);
        assertThat(worstInvoice.add(worstTerms)).isLessThan(STORE_LIMIT);
        assertThat(Limits.THRESHOLD_LIMIT).isLessThan(STORE_LIMIT);
    }

    @Test
    void valuesAtTheBoundsAreAcceptedAndBeyondRefused() {
        assertThat(Limits.problem(Limits.QUANTITY_LIMIT.subtract(NANO), Limits.QUANTITY_LIMIT, 9)).isNull();
        assertThat(Limits.problem(Limits.QUANTITY_LIMIT, Limits.QUANTITY_LIMIT, 9)).contains("less than");
        assertThat(Limits.problem(new BigDecimal("99999999999999999999999999999"), Limits.QUANTITY_LIMIT, 9))
                .contains("less than 1000000000000");
        assertThat(Limits.problem(new BigDecimal("-1"), Limits.QUANTITY_LIMIT, 9)).contains("negative");
        assertThat(Limits.problem(new BigDecimal("1.0000000001"), Limits.QUANTITY_LIMIT, 9)).contains("decimal places");
        assertThat(Limits.problem(new BigDecimal("1.1000000000000"), Limits.QUANTITY_LIMIT, 9)).isNull();
    }

    @Test
    void hugeExponentsAreRefusedBeforeAnyExpansion() {
        BigDecimal huge = new BigDecimal("1e999999999");
        String problem = Limits.problem(huge, Limits.QUANTITY_LIMIT, 9);
        assertThat(problem).hasSizeLessThan(120).contains("1E+999999999");
        assertThat(Limits.problem(new BigDecimal("1e-999999999"), Limits.QUANTITY_LIMIT, 9)).hasSizeLessThan(120);
        assertThat(Decimals.show(huge)).isEqualTo("1E+999999999");
        assertThatThrownBy(() -> Decimals.parse("1e99999")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Money.exact("1e999999999", "USD")).isInstanceOf(RuntimeException.class);
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal("1e9999999"));
        assertThatThrownBy(() -> new MeterPrice(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"),
                BigDecimal.ZERO, tiers)).hasMessageContaining("unit price must be less than 1000000");
    }

    @Test
    void onlyAsciiDigitsAreDecimalsAndGuids() {
        assertThat(Decimals.parse("1.5")).isEqualByComparingTo("1.5");
        assertThat(Decimals.parse("-2E+3")).isEqualByComparingTo("-2000");
        assertThatThrownBy(() -> Decimals.parse("\u0661")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse("1\u0662")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse("NaN")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Decimals.parse("1".repeat(65))).isInstanceOf(NumberFormatException.class);
        assertThat(Guids.parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")).isNotNull();
        assertThatThrownBy(() -> Guids.parse("\u0661\u0661111111-1111-1111-1111-111111111111"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotedInputIsShortAndWithoutControlCharacters() {
        assertThat(Texts.shorten("x".repeat(10_000))).hasSize(Texts.MAX_QUOTED + 3);
        assertThat(Texts.shorten("a\r\nb\u0000")).isEqualTo("a??b?");
    }

    @Test
    void timesOutsideTheSupportedRangeAreRefused() {
        assertThat(SupportedTime.problem(Instant.parse("2000-01-01T00:00:00Z"))).isNull();
        assertThat(SupportedTime.problem(Instant.parse("2199-12-31T23:59:59Z"))).isNull();
        assertThat(SupportedTime.problem(Instant.parse("2200-01-01T00:00:00Z"))).isNotNull();
        assertThat(SupportedTime.problem(Instant.parse("1999-12-31T23:59:59Z"))).isNotNull();
        assertThat(SupportedTime.problem(Instant.MAX)).isNotNull();
        assertThatThrownBy(() -> MeterPrice.flat(UUID.randomUUID(), Instant.parse("+999999999-01-01T00:00:00Z"),
                BigDecimal.ONE)).hasMessageContaining("effectiveFrom must be from 2000");
    }
}

package io.meterwise.core.rating;

import java.math.BigDecimal;

/**
 * An exact running sum of non-negative quantities that does not allocate in the common case: quantities with at most
 * {@value #SCALE} decimals are added as a {@code long} count of 10<sup>-9</sup> units; anything that does not fit (more
 * decimals, or a sum beyond {@link Long#MAX_VALUE} nano-units) goes to a {@link BigDecimal} overflow. The value is
 * always {@code units x 10^-9 + overflow}.
 */
final class QuantitySum {

    static final int SCALE = 9;
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L, 100_000_000L, 1_000_000_000L};

    private long units;
    private BigDecimal overflow = BigDecimal.ZERO;

    void add(BigDecimal quantity) {
        int scale = quantity.scale();
        // precision <= 18 guarantees the unscaled value fits a long
        if (scale >= 0 && scale <= SCALE && quantity.precision() <= 18) {
            long unscaled = quantity.unscaledValue().longValue();
            long factor = POWERS_OF_TEN[SCALE - scale];
            long hi = Math.multiplyHigh(unscaled, factor);
            long scaled = unscaled * factor;
            if (hi == 0 && scaled >= 0) {
                long sum = units + scaled;
                if (sum >= 0) { // both operands are non-negative: a negative sum means the long overflowed
                    units = sum;
                    return;
                }
            }
        }
        overflow = overflow.add(quantity);
    }

    boolean isZero() {
        return units == 0 && overflow.signum() == 0;
    }

    BigDecimal value() {
        BigDecimal small = BigDecimal.valueOf(units, SCALE);
        return overflow.signum() == 0 ? small : small.add(overflow);
    }
}

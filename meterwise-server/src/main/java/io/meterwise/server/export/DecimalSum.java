package io.meterwise.server.export;

import java.math.BigDecimal;

/**
 * The sum of decimals, equal in value and scale to adding them one by one with {@link BigDecimal#add} starting from
 * zero, kept as one long per scale while the values and sums fit (an export adds one BilledCost per row, millions of
 * times, and {@code add} of differing scales allocates).
 */
final class DecimalSum {

    private static final int SCALES = 19;

    private final long[] byScale = new long[SCALES];
    private BigDecimal rest = BigDecimal.ZERO;
    private int scale;

    void add(BigDecimal d) {
        int s = d.scale();
        if (s >= 0 && s < SCALES && d.precision() <= 18) {
            long unscaled = d.scaleByPowerOfTen(s).longValue();
            long sum = byScale[s] + unscaled;
            if (((byScale[s] ^ sum) & (unscaled ^ sum)) < 0) {
                rest = rest.add(BigDecimal.valueOf(byScale[s], s));
                sum = unscaled;
            }
            byScale[s] = sum;
            scale = Math.max(scale, s);
            return;
        }
        rest = rest.add(d);
    }

    BigDecimal total() {
        BigDecimal total = rest;
        for (int s = 0; s < SCALES; s++) {
            if (byScale[s] != 0) {
                total = total.add(BigDecimal.valueOf(byScale[s], s));
            }
        }
        return total.scale() < scale ? total.setScale(scale) : total;
    }
}

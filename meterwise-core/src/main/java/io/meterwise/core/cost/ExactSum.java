package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

/**
 * The running exact total of one meter charge's records (ADR 0039), as {@link ChargeAllocator} telescopes it: each
 * {@link #add} of an exact cost {@code rate x quantity} returns {@code r(after) - r(before)}, where {@code r} rounds
 * half even to {@value ChargeAllocator#SCALE} decimals. The same numbers as with {@link Ratio} throughout, without a
 * BigInteger and a gcd per record: while the total's denominator and numerator fit in a {@code long} it is kept as
 * whole units of 10<sup>-{@value ChargeAllocator#SCALE}</sup> plus a fraction {@code rest / den}, and the previous
 * rounding is remembered rather than recomputed. On the first overflow it switches to {@link Ratio} for good.
 */
final class ExactSum {

    private static final int SCALE = ChargeAllocator.SCALE;
    private static final long[] POW10 = new long[SCALE + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i <= SCALE; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    // long mode: total = (units + rest / den) x 10^-SCALE, 0 <= rest < den; rounded = r(total) in units
    private boolean exactLongs = true;
    private long units;
    private long rest;
    private long den = 1;
    private long rounded;
    // Ratio mode
    private Ratio total = Ratio.ZERO;
    private BigDecimal roundedDecimal = BigDecimal.ZERO.setScale(SCALE);
    // the rate last seen, as longs (rates are shared objects: one per tier piece)
    private @Nullable Ratio rate;
    private long rateN;
    private long rateD;
    private boolean rateFits;

    /** A total starting at zero. */
    ExactSum() {
    }

    /** A total continuing from {@code start} (a listing that resumes within a charge, ADR 0049). */
    ExactSum(Ratio start) {
        exactLongs = false;
        total = start;
        roundedDecimal = start.round(SCALE, RoundingMode.HALF_EVEN);
    }

    /** Adds {@code rate x quantity} exactly; returns the change of the total rounded to SCALE decimals. */
    BigDecimal add(Ratio rate, BigDecimal quantity) {
        BigDecimal cost = exactLongs ? addLongs(rate, quantity) : null;
        if (cost != null) {
            return cost;
        }
        if (exactLongs) {
            total = longTotal();
            roundedDecimal = BigDecimal.valueOf(rounded, SCALE);
            exactLongs = false;
        }
        total = total.add(rate.multiply(quantity));
        BigDecimal after = total.round(SCALE, RoundingMode.HALF_EVEN);
        cost = after.subtract(roundedDecimal);
        roundedDecimal = after;
        return cost;
    }

    /** The exact total so far. */
    Ratio total() {
        return exactLongs ? longTotal() : total;
    }

    private Ratio longTotal() {
        BigInteger d = BigInteger.valueOf(den);
        return new Ratio(BigInteger.valueOf(units).multiply(d).add(BigInteger.valueOf(rest)),
                d.multiply(BigInteger.TEN.pow(SCALE)));
    }

    /** The long-mode add; null (nothing changed) when a value does not fit. */
    private @Nullable BigDecimal addLongs(Ratio r, BigDecimal quantity) {
        if (r != rate) {
            rate = r;
            rateFits = r.numerator().bitLength() < 63 && r.denominator().bitLength() < 63;
            rateN = rateFits ? r.numerator().longValue() : 0;
            rateD = rateFits ? r.denominator().longValue() : 1;
        }
        int scale = quantity.scale();
        if (!rateFits || scale < 0 || scale > SCALE || quantity.precision() > 18) {
            return null;
        }
        try {
            long u = quantity.unscaledValue().longValue();
            // term = rateN x u x 10^(SCALE - scale) / rateD, in units of 10^-SCALE
            long n = Math.multiplyExact(Math.multiplyExact(rateN, u), POW10[SCALE - scale]);
            long newDen = den;
            long restScaled = rest;
            long termScaled = n;
            if (rateD != den) {
                long g = gcd(den, rateD);
                newDen = Math.multiplyExact(den / g, rateD);
                restScaled = Math.multiplyExact(rest, newDen / den);
                termScaled = Math.multiplyExact(n, newDen / rateD);
            }
            long sum = Math.addExact(restScaled, termScaled);
            long newUnits = Math.addExact(units, Math.floorDiv(sum, newDen));
            long newRest = Math.floorMod(sum, newDen);
            if (newDen != den || newDen != rateD) {
                long g = gcd(newRest, newDen); // keep the fraction small after mixing denominators
                newRest /= g;
                newDen /= g;
            }
            long newRounded = newUnits;
            long other = newDen - newRest;
            if (newRest > other || (newRest == other && (newUnits & 1) != 0)) {
                newRounded = Math.addExact(newUnits, 1);
            }
            BigDecimal cost = BigDecimal.valueOf(Math.subtractExact(newRounded, rounded), SCALE);
            units = newUnits;
            rest = newRest;
            den = newDen;
            rounded = newRounded;
            return cost;
        } catch (ArithmeticException overflow) {
            return null;
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}

package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact rational amount, kept in lowest terms with a positive denominator: the exact share of a charge before any
 * rounding (ADR 0039). Only sums and products by decimals are needed, so denominators stay the few quantities that
 * split a tier line.
 */
record Ratio(BigInteger numerator, BigInteger denominator) implements Comparable<Ratio> {

    static final Ratio ZERO = new Ratio(BigInteger.ZERO, BigInteger.ONE);

    Ratio {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
        if (numerator.signum() == 0) {
            denominator = BigInteger.ONE;
        }
    }

    static Ratio of(BigDecimal value) {
        return value.scale() <= 0 ? new Ratio(value.toBigIntegerExact(), BigInteger.ONE)
                : new Ratio(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
    }

    /** {@code numerator / denominator}, exactly. */
    static Ratio of(BigDecimal numerator, BigDecimal denominator) {
        return of(numerator).divide(of(denominator));
    }

    Ratio add(Ratio other) {
        if (other.numerator.signum() == 0) {
            return this;
        }
        if (numerator.signum() == 0) {
            return other;
        }
        if (denominator.equals(other.denominator)) {
            return new Ratio(numerator.add(other.numerator), denominator);
        }
        return new Ratio(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    Ratio subtract(Ratio other) {
        return add(other.negate());
    }

    Ratio negate() {
        return new Ratio(numerator.negate(), denominator);
    }

    Ratio multiply(Ratio other) {
        return new Ratio(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    Ratio multiply(BigDecimal factor) {
        return multiply(of(factor));
    }

    Ratio divide(Ratio other) {
        if (other.numerator.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        BigInteger n = numerator.multiply(other.denominator);
        BigInteger d = denominator.multiply(other.numerator);
        return d.signum() < 0 ? new Ratio(n.negate(), d.negate()) : new Ratio(n, d);
    }

    int signum() {
        return numerator.signum();
    }

    /**
     * {@code floor(this x 10^digits)} and what is left of {@code numerator x 10^digits} after taking it, so that
     * {@code this = (floor + rest / denominator) / 10^digits} with {@code 0 <= rest < denominator}.
     */
    BigInteger[] floorAndRest(int digits) {
        BigInteger scaled = numerator.multiply(BigInteger.TEN.pow(digits));
        BigInteger[] qr = scaled.divideAndRemainder(denominator);
        BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return new BigInteger[] {floor, scaled.subtract(floor.multiply(denominator))};
    }

    /** This amount rounded to {@code digits} decimals with {@code mode} (FLOOR, HALF_UP or HALF_EVEN). */
    BigDecimal round(int digits, RoundingMode mode) {
        BigInteger[] fr = floorAndRest(digits);
        BigInteger floor = fr[0];
        BigInteger rest = fr[1]; // 0 <= rest < denominator
        BigInteger result = switch (mode) {
            case FLOOR -> floor;
            case HALF_UP, HALF_EVEN -> {
                int half = rest.shiftLeft(1).compareTo(denominator);
                // HALF_UP is half away from zero: -x.5 goes down to its floor
                boolean up = half > 0 || (half == 0 && (mode == RoundingMode.HALF_UP ? floor.signum() >= 0
                        : floor.testBit(0)));
                yield up ? floor.add(BigInteger.ONE) : floor;
            }
            default -> throw new IllegalArgumentException("unsupported rounding mode " + mode);
        };
        return new BigDecimal(result, digits);
    }

    @Override
    public int compareTo(Ratio other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }
}

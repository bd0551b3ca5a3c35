package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.meterwise.core.money.Rounding;

/**
 * Rounds amounts for display so that they add up to their rounded total (ADR 0025): the total is the exact sum
 * rounded once with {@link Rounding}; each amount is rounded down to the minor unit, and the units still missing go,
 * one each, to the amounts with the largest remainders (ties to the earlier one). Every displayed amount is within one
 * minor unit of its exact value.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    public static List<BigDecimal> round(List<BigDecimal> exact, int digits) {
        return roundExact(exact.stream().map(Ratio::of).toList(), digits);
    }

    /** As {@link #round}, for exact rational amounts. */
    static List<BigDecimal> roundExact(List<Ratio> exact, int digits) {
        int n = exact.size();
        List<BigDecimal> result = new ArrayList<>(n);
        // a remainder is rest / denominator minor units: compared by cross-multiplying, never reduced
        BigInteger[] rests = new BigInteger[n];
        BigInteger[] denominators = new BigInteger[n];
        // amounts of one answer share few denominators: summing numerators per denominator first reduces (a gcd) once
        // per denominator rather than once per amount
        Map<BigInteger, BigInteger> sums = new HashMap<>();
        BigInteger floors = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            Ratio e = exact.get(i);
            sums.merge(e.denominator(), e.numerator(), BigInteger::add);
            BigInteger[] fr = e.floorAndRest(digits);
            floors = floors.add(fr[0]);
            result.add(new BigDecimal(fr[0], digits));
            rests[i] = fr[1];
            denominators[i] = e.denominator();
        }
        Ratio sum = Ratio.ZERO;
        for (Map.Entry<BigInteger, BigInteger> s : sums.entrySet()) {
            sum = sum.add(new Ratio(s.getValue(), s.getKey()));
        }
        BigDecimal target = sum.round(digits, Rounding.MODE);
        int missing = target.unscaledValue().subtract(floors).intValueExact();
        if (missing > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (i, j) -> {
                int c = rests[j].multiply(denominators[i]).compareTo(rests[i].multiply(denominators[j]));
                return c != 0 ? c : Integer.compare(i, j);
            });
            BigDecimal unit = BigDecimal.ONE.movePointLeft(digits);
            for (int k = 0; k < missing; k++) {
                int i = order[k];
                result.set(i, result.get(i).add(unit));
            }
        }
        return result;
    }
}

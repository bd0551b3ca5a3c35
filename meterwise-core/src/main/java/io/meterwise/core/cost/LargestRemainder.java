package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        Ratio sum = Ratio.ZERO;
        List<BigDecimal> result = new ArrayList<>(exact.size());
        List<Ratio> remainders = new ArrayList<>(exact.size());
        BigDecimal floors = BigDecimal.ZERO;
        for (Ratio e : exact) {
            sum = sum.add(e);
            BigDecimal floor = e.round(digits, RoundingMode.FLOOR);
            floors = floors.add(floor);
            result.add(floor);
            remainders.add(e.subtract(Ratio.of(floor)));
        }
        BigDecimal target = sum.round(digits, Rounding.MODE);
        int missing = target.subtract(floors).movePointRight(digits).intValueExact();
        if (missing > 0) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < exact.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i));
            BigDecimal unit = BigDecimal.ONE.movePointLeft(digits);
            for (int k = 0; k < missing; k++) {
                int i = order.get(k);
                result.set(i, result.get(i).add(unit));
            }
        }
        return result;
    }
}

package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.meterwise.core.money.Rounding;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The display rounding of ADR 0025 as computed ({@link LargestRemainder#roundExact}: sums per denominator, remainders
 * compared unreduced) equals its definition computed directly with exact fractions, ties included (equal remainders in
 * different terms, negative amounts, zero).
 */
class LargestRemainderPropertiesTest {

    @Property(tries = 500)
    void roundingEqualsTheDefinition(@ForAll long seed) {
        Random r = new Random(seed);
        List<Ratio> amounts = new ArrayList<>();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            BigInteger numerator = BigInteger.valueOf(r.nextInt(2_000_001) - 500_000);
            BigInteger denominator = BigInteger.valueOf(List.of(1, 3, 7, 100, 1000, 30, 12_000).get(r.nextInt(7)));
            Ratio a = new Ratio(numerator, denominator);
            // the same amount written with another denominator ties with it
            amounts.add(r.nextInt(4) == 0 && !amounts.isEmpty() ? amounts.get(r.nextInt(amounts.size())) : a);
        }
        int digits = r.nextInt(3);
        assertThat(LargestRemainder.roundExact(amounts, digits)).isEqualTo(definition(amounts, digits));
    }

    /** Floors, then one minor unit each to the largest remainders (ties: the earlier), up to the rounded total. */
    static List<BigDecimal> definition(List<Ratio> exact, int digits) {
        Ratio sum = Ratio.ZERO;
        List<BigDecimal> result = new ArrayList<>();
        List<Ratio> remainders = new ArrayList<>();
        BigDecimal floors = BigDecimal.ZERO.setScale(digits);
        for (Ratio e : exact) {
            sum = sum.add(e);
            BigDecimal floor = e.round(digits, RoundingMode.FLOOR);
            floors = floors.add(floor);
            result.add(floor);
            remainders.add(e.subtract(Ratio.of(floor)));
        }
        int missing = sum.round(digits, Rounding.MODE).subtract(floors).movePointRight(digits).intValueExact();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < exact.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i));
        for (int k = 0; k < missing; k++) {
            int i = order.get(k);
            result.set(i, result.get(i).add(BigDecimal.ONE.movePointLeft(digits)));
        }
        return result;
    }
}

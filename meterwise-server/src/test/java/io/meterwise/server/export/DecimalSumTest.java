package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link DecimalSum} gives what adding one by one with {@link BigDecimal#add} gives: the same value and scale. */
class DecimalSumTest {

    @Property(tries = 2000)
    void equalsAddingOneByOne(@ForAll("decimals") List<BigDecimal> values) {
        DecimalSum sum = new DecimalSum();
        BigDecimal expected = BigDecimal.ZERO;
        for (BigDecimal d : values) {
            sum.add(d);
            expected = expected.add(d);
        }
        assertThat(sum.total()).isEqualTo(expected);
    }

    @Example
    void sumsPastALongAndBackAreExact() {
        DecimalSum sum = new DecimalSum();
        BigDecimal big = new BigDecimal("999999999999999999"); // 18 digits, scale 0
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < 40; i++) {
            sum.add(big);
            expected = expected.add(big);
        }
        sum.add(new BigDecimal("-1.50"));
        sum.add(new BigDecimal("1.50"));
        expected = expected.add(new BigDecimal("-1.50")).add(new BigDecimal("1.50"));
        assertThat(sum.total()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<BigDecimal>> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(Arbitraries.longs().map(BigInteger::valueOf),
                Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L)
                        .map(BigInteger::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
                Arbitraries.longs().between(-1000, 1000).map(BigInteger::valueOf));
        Arbitrary<BigDecimal> one = unscaled.flatMap(u -> Arbitraries.integers().between(-3, 24)
                .map(s -> new BigDecimal(u, s)));
        return one.list().ofMaxSize(60);
    }
}

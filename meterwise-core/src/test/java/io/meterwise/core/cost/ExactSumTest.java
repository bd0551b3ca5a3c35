package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ExactSum} gives, record by record, exactly the listed costs and totals of the plain {@link Ratio} arithmetic it
 * replaces ({@code r(E + rate x q) - r(E)}, half even at {@value ChargeAllocator#SCALE} decimals), whether its values
 * fit in longs, overflow half way, or mix rates of several tier pieces.
 */
class ExactSumTest {

    record Term(Ratio rate, BigDecimal quantity) {
    }

    @Property(tries = 1000)
    void listedCostsAndTotalEqualTheRatioArithmetic(@ForAll("terms") List<Term> terms) {
        ExactSum sum = new ExactSum();
        Ratio reference = Ratio.ZERO;
        for (Term t : terms) {
            Ratio after = reference.add(t.rate().multiply(t.quantity()));
            BigDecimal expected = after.round(ChargeAllocator.SCALE, RoundingMode.HALF_EVEN)
                    .subtract(reference.round(ChargeAllocator.SCALE, RoundingMode.HALF_EVEN));
            reference = after;
            BigDecimal cost = sum.add(t.rate(), t.quantity());
            assertThat(cost).isEqualTo(expected); // same value and scale
            assertThat(sum.total()).isEqualTo(reference);
        }
    }

    @Example
    void tiesRoundToEven() {
        ExactSum sum = new ExactSum();
        Ratio half = Ratio.of(new BigDecimal("0.00000000005")); // half a unit of the 10th decimal
        assertThat(sum.add(half, BigDecimal.ONE)).isEqualTo(new BigDecimal("0E-10")); // 0.5 units -> 0
        assertThat(sum.add(half, BigDecimal.ONE)).isEqualTo(new BigDecimal("1E-10")); // 1.0 -> 1
        assertThat(sum.add(half, BigDecimal.ONE)).isEqualTo(new BigDecimal("1E-10")); // 1.5 -> 2
        assertThat(sum.add(half, BigDecimal.ONE)).isEqualTo(new BigDecimal("0E-10")); // 2.0 -> 2
        assertThat(sum.add(half, BigDecimal.ONE)).isEqualTo(new BigDecimal("0E-10")); // 2.5 -> 2
        assertThat(sum.total()).isEqualTo(Ratio.of(new BigDecimal("0.00000000025")));
    }

    @Example
    void aTotalBeyondLongsCarriesOnExactly() {
        ExactSum sum = new ExactSum();
        Ratio rate = Ratio.of(new BigDecimal("123456789.123"), new BigDecimal("7"));
        BigDecimal q = new BigDecimal("99999999.12345");
        Ratio reference = Ratio.ZERO;
        for (int i = 0; i < 5; i++) {
            Ratio after = reference.add(rate.multiply(q));
            assertThat(sum.add(rate, q)).isEqualTo(after.round(10, RoundingMode.HALF_EVEN)
                    .subtract(reference.round(10, RoundingMode.HALF_EVEN)));
            reference = after;
        }
        assertThat(sum.total()).isEqualTo(reference);
    }

    @Provide
    Arbitrary<List<Term>> terms() {
        Arbitrary<BigDecimal> amounts = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 100_000).map(c -> BigDecimal.valueOf(c, 2)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(25))
                        .map(u -> new BigDecimal(u, 4)));
        Arbitrary<BigDecimal> pieceQuantities = Arbitraries.longs().between(1, 10_000_000)
                .flatMap(u -> Arbitraries.integers().between(0, 6).map(s -> BigDecimal.valueOf(u, s)));
        Arbitrary<Ratio> rates = Combinators.combine(amounts, pieceQuantities).as(Ratio::of);
        Arbitrary<BigDecimal> quantities = Arbitraries.oneOf(
                Arbitraries.longs().between(-1_000, 1_000_000)
                        .flatMap(u -> Arbitraries.integers().between(0, 12).map(s -> BigDecimal.valueOf(u, s))),
                Arbitraries.longs().between(1, 100).map(BigDecimal::valueOf));
        // a few rates reused, as tier pieces are shared by many records
        return rates.list().ofMinSize(1).ofMaxSize(3).flatMap(rs -> Combinators
                .combine(Arbitraries.of(rs), quantities).as(Term::new).list().ofMaxSize(40));
    }
}

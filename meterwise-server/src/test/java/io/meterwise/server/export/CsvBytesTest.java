package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import io.meterwise.server.focus.FocusCsv;

/** {@link CsvBytes} writes byte for byte what {@link FocusCsv#cell} writes as characters, encoded as UTF-8. */
class CsvBytesTest {

    @Property(tries = 2000)
    void decimalsAreWrittenAsToPlainString(@ForAll("decimals") BigDecimal d) throws IOException {
        assertThat(written(List.of(d))).isEqualTo(expected(List.of(d)));
    }

    @Property(tries = 1000)
    void instantsAreIsoUtcSeconds(@ForAll("instants") Instant i) throws IOException {
        assertThat(written(List.of(i))).isEqualTo(expected(List.of(i)));
    }

    @Property(tries = 1000)
    void stringsAreQuotedAsRfc4180(@ForAll("strings") String s) throws IOException {
        assertThat(written(List.of(s))).isEqualTo(expected(List.of(s)));
    }

    @Property(tries = 300)
    void rowsOfMixedCellsRepeatingValuesMatch(@ForAll("rows") List<List<Object>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvBytes csv = new CsvBytes(out, 4);
        StringBuilder text = new StringBuilder();
        for (List<Object> row : rows) {
            text.append(line(row));
            for (int i = 0; i < row.size(); i++) {
                csv.cell(i, row.get(i));
            }
            csv.endRow();
        }
        csv.flush();
        assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(utf8(text.toString()));
    }

    @Example
    void knownCells() throws IOException {
        List<Object> cells = Arrays.asList(new BigDecimal("-0.0050"), null, "a,\"b\"", Instant.parse(
                "2026-09-01T00:00:00.999Z"), Boolean.TRUE, new BigDecimal("1E+3"), "Zürich", "");
        assertThat(written(cells))
                .isEqualTo(utf8("-0.0050,,\"a,\"\"b\"\"\",2026-09-01T00:00:00Z,true,1000,Zürich,\r\n"));
    }

    @Example
    void linesLongerThanTheBufferAreWrittenWhole() throws IOException {
        String big = "x".repeat(200_000);
        assertThat(written(List.of(big, "y"))).isEqualTo(utf8(big + ",y\r\n"));
    }

    @Example
    void aColumnOfMoreStringsThanItKeepsStillWritesEachAsItIs() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvBytes csv = new CsvBytes(out, 1);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            strings.add(i % 7 == 0 ? "r," + i : "r" + i);
        }
        StringBuilder text = new StringBuilder();
        for (int pass = 0; pass < 2; pass++) {
            for (String s : strings) {
                csv.cell(0, s);
                csv.endRow();
                text.append(line(List.of(s)));
            }
        }
        csv.cell(0, new String("r1"));
        csv.endRow();
        text.append("r1\r\n");
        csv.flush();
        assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(utf8(text.toString()));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(Arbitraries.longs().map(BigInteger::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                Arbitraries.longs().between(-1000, 1000).map(BigInteger::valueOf));
        return unscaled.flatMap(u -> Arbitraries.integers().between(-5, 45).map(s -> new BigDecimal(u, s)));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-62_000_000_000L, 253_402_300_799L)
                        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999)
                                .map(n -> Instant.ofEpochSecond(s, n))),
                Arbitraries.longs().between(253_402_300_800L, 300_000_000_000L).map(Instant::ofEpochSecond));
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.strings().withChars("ab,\"\r\n é€😀{}:").ofMaxLength(12);
    }

    @Provide
    Arbitrary<List<List<Object>>> rows() {
        Arbitrary<Object> cell = Arbitraries.oneOf(Arbitraries.of("a", "b,c", "Zürich"), decimals().map(d -> d),
                Arbitraries.of(Instant.parse("2026-01-01T01:00:00Z"), Instant.parse("2026-01-01T01:00:00.5Z"),
                        Instant.parse("2026-01-01T02:00:00Z")),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE), Arbitraries.just(null));
        return cell.list().ofSize(4).list().ofMaxSize(20);
    }

    /** Compared as bytes: a lone surrogate becomes '?' in both, as a UTF-8 Writer would write it. */
    private static String written(List<Object> cells) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvBytes csv = new CsvBytes(out, cells.size());
        for (int i = 0; i < cells.size(); i++) {
            csv.cell(i, cells.get(i));
        }
        csv.endRow();
        csv.flush();
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private static String expected(List<Object> cells) {
        return utf8(line(cells));
    }

    private static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String line(List<Object> cells) {
        StringBuilder line = new StringBuilder();
        List<Object> copy = new ArrayList<>(cells);
        for (int i = 0; i < copy.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            FocusCsv.cell(copy.get(i), line);
        }
        return line.append("\r\n").toString();
    }
}

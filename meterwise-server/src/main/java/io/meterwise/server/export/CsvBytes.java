package io.meterwise.server.export;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes CSV cells as bytes, exactly as {@link io.meterwise.server.focus.FocusCsv#cell} writes them as characters
 * (RFC 4180, UTF-8, CRLF; Decimal as {@code toPlainString}, Date/Time as ISO 8601 UTC seconds, strings quoted when
 * they hold a comma, quote or line break), without building a String per line and encoding it again. Exports repeat
 * most values from row to row (tenant, currency, meter, usage hour), so each column remembers its last value and its
 * bytes; and rows cycle through a few thousand resources whose strings are shared instances, so each column also
 * keeps the bytes of the strings it has seen, by identity. Not thread-safe.
 */
final class CsvBytes {

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final int SEEN = 1 << 16;

    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private long flushed;
    private final @Nullable Object[] lastValue;
    private final byte[][] lastBytes;
    private final long[] lastSecond;
    private final byte[] scratch = new byte[64];
    private final @Nullable BigDecimal[] lastDecimal;
    private final byte[][] decimalBytes;
    private final int[] decimalLength;
    private final List<Map<String, byte[]>> seen;

    CsvBytes(OutputStream out, int columns) {
        this.out = out;
        this.lastValue = new Object[columns];
        this.lastBytes = new byte[columns][];
        this.lastSecond = new long[columns];
        java.util.Arrays.fill(lastSecond, Long.MIN_VALUE);
        this.lastDecimal = new BigDecimal[columns];
        this.decimalBytes = new byte[columns][];
        this.decimalLength = new int[columns];
        this.seen = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            seen.add(new IdentityHashMap<>());
        }
    }

    /** Writes the header or any line of plain names: cells separated by commas, then CRLF. */
    void line(Iterable<String> names) throws IOException {
        boolean first = true;
        for (String name : names) {
            if (!first) {
                put((byte) ',');
            }
            first = false;
            string(name);
        }
        endRow();
    }

    /** Writes cell {@code column} of the current row (a comma before every cell but the first); null is empty. */
    void cell(int column, @Nullable Object value) throws IOException {
        if (column > 0) {
            put((byte) ',');
        }
        if (value == null) {
            return;
        }
        if (value == lastValue[column]) {
            put(lastBytes[column]);
            return;
        }
        if (value instanceof Instant instant) {
            long second = instant.getEpochSecond();
            if (second != lastSecond[column]) {
                lastSecond[column] = second;
                lastBytes[column] = instant(instant);
            }
            lastValue[column] = value;
            put(lastBytes[column]);
            return;
        }
        if (value instanceof BigDecimal d) {
            decimal(column, d);
            return;
        }
        if (value instanceof Boolean b) {
            put(b ? TRUE : FALSE);
            return;
        }
        byte[] bytes = value instanceof String string ? seen(column, string) : encode(value.toString());
        lastValue[column] = value;
        lastBytes[column] = bytes;
        lastSecond[column] = Long.MIN_VALUE;
        put(bytes);
    }

    void endRow() throws IOException {
        put((byte) '\r');
        put((byte) '\n');
    }

    /** Writes what is buffered to the stream (which it does not close). */
    void flush() throws IOException {
        if (position > 0) {
            out.write(buffer, 0, position);
            flushed += position;
            position = 0;
        }
    }

    /** How many bytes this writer has written so far, flushed or not. */
    long written() {
        return flushed + position;
    }

    /** Writes bytes as they are: lines already formatted by another {@code CsvBytes}. */
    void bytes(byte[] bytes, int offset, int length) throws IOException {
        put(bytes, offset, length);
    }

    /**
     * The bytes of a string this column has written before, as the same instance; a column never holds more than
     * {@link #SEEN} (strings made afresh for every row would otherwise only grow it).
     */
    private byte[] seen(int column, String value) {
        Map<String, byte[]> strings = seen.get(column);
        byte[] bytes = strings.get(value);
        if (bytes == null) {
            if (strings.size() == SEEN) {
                strings.clear();
            }
            bytes = encode(value);
            strings.put(value, bytes);
        }
        return bytes;
    }

    private void string(String s) throws IOException {
        put(encode(s));
    }

    /** A string cell as UTF-8, quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF. */
    static byte[] encode(String s) {
        boolean ascii = true;
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                ascii = false;
            } else if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
            }
        }
        String text = quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
        return text.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
    }

    /**
     * A decimal cell: the bytes of the column's last decimal when {@code d} equals it (value and scale: unit prices,
     * block sizes and most quantities repeat from row to row), else {@link #decimal(BigDecimal, byte[])}, kept.
     */
    private void decimal(int column, BigDecimal d) throws IOException {
        BigDecimal last = lastDecimal[column];
        if (last != null && (last == d || last.equals(d))) {
            put(decimalBytes[column], 0, decimalLength[column]);
            return;
        }
        byte[] bytes = decimalBytes[column];
        if (bytes == null) {
            bytes = decimalBytes[column] = new byte[scratch.length];
        }
        int length = decimal(d, bytes);
        if (length < 0) {
            lastDecimal[column] = null;
            put(d.toPlainString().getBytes(StandardCharsets.US_ASCII));
            return;
        }
        lastDecimal[column] = d;
        decimalLength[column] = length;
        put(bytes, 0, length);
    }

    /**
     * Writes {@code d.toPlainString()} as ASCII at the start of {@code out} and returns its length, or -1 when the
     * digits do not fit in a long. The unscaled value is read as {@code d} moved to scale 0, which keeps a compact
     * value compact ({@code unscaledValue()} would make a BigInteger per cell).
     */
    private int decimal(BigDecimal d, byte[] out) {
        int scale = d.scale();
        if (scale < 0 || scale > 40 || d.precision() > 18) {
            return -1;
        }
        long unscaled = d.scaleByPowerOfTen(scale).longValue();
        byte[] s = scratch;
        int end = s.length;
        int p = end;
        long v = Math.abs(unscaled);
        int digits = 0;
        do {
            s[--p] = (byte) ('0' + (v % 10));
            v /= 10;
            digits++;
            if (digits == scale) {
                s[--p] = '.';
            }
        } while (v != 0);
        if (digits < scale) {
            while (digits < scale) {
                s[--p] = '0';
                digits++;
            }
            s[--p] = '.';
        }
        if (s[p] == '.') {
            s[--p] = '0';
        }
        if (unscaled < 0) {
            s[--p] = '-';
        }
        System.arraycopy(s, p, out, 0, end - p);
        return end - p;
    }

    /** ISO 8601 UTC to the second ({@code 2026-09-01T00:00:00Z}), as {@link Instant#toString} writes it. */
    static byte[] instant(Instant instant) {
        Instant t = instant.truncatedTo(ChronoUnit.SECONDS);
        long second = t.getEpochSecond();
        long day = Math.floorDiv(second, 86_400);
        int secondOfDay = (int) Math.floorMod(second, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return t.toString().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] b = new byte[20];
        four(b, 0, year);
        b[4] = '-';
        two(b, 5, date.getMonthValue());
        b[7] = '-';
        two(b, 8, date.getDayOfMonth());
        b[10] = 'T';
        two(b, 11, secondOfDay / 3600);
        b[13] = ':';
        two(b, 14, secondOfDay / 60 % 60);
        b[16] = ':';
        two(b, 17, secondOfDay % 60);
        b[19] = 'Z';
        return b;
    }

    private static void four(byte[] b, int at, int v) {
        b[at] = (byte) ('0' + v / 1000);
        b[at + 1] = (byte) ('0' + v / 100 % 10);
        b[at + 2] = (byte) ('0' + v / 10 % 10);
        b[at + 3] = (byte) ('0' + v % 10);
    }

    private static void two(byte[] b, int at, int v) {
        b[at] = (byte) ('0' + v / 10);
        b[at + 1] = (byte) ('0' + v % 10);
    }

    private void put(byte b) throws IOException {
        if (position == buffer.length) {
            flush();
        }
        buffer[position++] = b;
    }

    private void put(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - position) {
            flush();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                flushed += length;
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }
}

package io.meterwise.server.focus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.focus.FocusColumn;
import io.meterwise.core.focus.FocusRow;

/**
 * Writes FOCUS rows as CSV (RFC 4180, UTF-8, CRLF): a header with every {@link FocusColumn}, null as an empty field,
 * Decimal as plain digits, Date/Time as ISO 8601 UTC ({@code 2026-09-01T00:00:00Z}), JSON and strings quoted when
 * needed.
 */
public final class FocusCsv {

    private final Writer out;

    public FocusCsv(Writer out) {
        this.out = out;
    }

    public void header() {
        StringBuilder line = new StringBuilder();
        for (FocusColumn c : FocusColumn.ALL) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            line.append(c.name());
        }
        write(line.append("\r\n"));
    }

    public void row(FocusRow row) {
        StringBuilder line = new StringBuilder(512);
        boolean first = true;
        for (FocusColumn c : FocusColumn.ALL) {
            if (!first) {
                line.append(',');
            }
            first = false;
            cell(row.get(c), line);
        }
        write(line.append("\r\n"));
    }

    /** Appends one field as this codec writes it (nothing for null); other exported datasets write cells this way. */
    public static void cell(@Nullable Object v, StringBuilder line) {
        if (v == null) {
            return;
        }
        if (v instanceof BigDecimal d) {
            line.append(d.toPlainString());
        } else if (v instanceof Instant i) {
            line.append(i.truncatedTo(ChronoUnit.SECONDS));
        } else if (v instanceof Boolean b) {
            line.append(b);
        } else {
            quote(v.toString(), line);
        }
    }

    private void write(CharSequence s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void quote(String s, StringBuilder out) {
        boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (!needs) {
            out.append(s);
            return;
        }
        out.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
}

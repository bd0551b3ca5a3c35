package io.meterwise.server.csv;

/**
 * One CSV text cell of a document people open in a spreadsheet (invoice CSV, showback statement), RFC 4180 quoted and
 * neutralised as the OWASP CSV-injection guidance says: a cell starting with {@code = + - @}, TAB or CR is prefixed
 * with {@code '} and always quoted, so no spreadsheet runs it as a formula.
 */
public final class SpreadsheetCsv {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private SpreadsheetCsv() {
    }

    public static String cell(String value) {
        boolean formula = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        String safe = formula ? "'" + value : value;
        boolean quote = formula || safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}

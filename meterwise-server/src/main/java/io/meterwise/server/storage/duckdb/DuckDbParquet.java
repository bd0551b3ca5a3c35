package io.meterwise.server.storage.duckdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import io.meterwise.core.focus.FocusColumn;

/**
 * Converts a FOCUS CSV file to Parquet with DuckDB's own writer, in a private in-memory database (the ledger is not
 * touched): each column typed as FOCUS types it (Decimal as DECIMAL(38,10), Date/Time as TIMESTAMPTZ).
 */
public final class DuckDbParquet {

    private DuckDbParquet() {
    }

    public static void focusCsvToParquet(Path csv, Path parquet) {
        Map<String, FocusColumn.Type> columns = new LinkedHashMap<>();
        for (FocusColumn c : FocusColumn.ALL) {
            columns.put(c.name(), c.type());
        }
        csvToParquet(csv, parquet, columns);
    }

    /**
     * Converts a CSV file written with a header of exactly {@code columns} (in order) to Parquet, each column typed as
     * its FOCUS type: Decimal as DECIMAL(38,10), Date/Time as TIMESTAMPTZ, Boolean, the rest VARCHAR.
     */
    public static void csvToParquet(Path csv, Path parquet, Map<String, FocusColumn.Type> columns) {
        StringJoiner types = new StringJoiner(", ", "{", "}");
        columns.forEach((name, type) -> types.add("'" + name.replace("'", "''") + "': '" + switch (type) {
            case DECIMAL -> "DECIMAL(38,10)";
            case DATETIME -> "TIMESTAMPTZ";
            case BOOLEAN -> "BOOLEAN";
            default -> "VARCHAR";
        } + "'"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("COPY (SELECT * FROM read_csv(" + literal(csv) + ", header = true, quote = '\"', "
                    + "escape = '\"', columns = " + types + ")) TO " + literal(parquet)
                    + " (FORMAT parquet, COMPRESSION zstd)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + parquet.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Sums a Parquet file's column with DuckDB's reader (read_parquet), for checks after writing. */
    public static java.math.BigDecimal sum(Path parquet, String column) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT coalesce(sum(\"" + column.replace("\"", "") + "\"), 0) FROM read_parquet("
                        + literal(parquet) + ")")) {
            rs.next();
            return rs.getBigDecimal(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + parquet.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}

package io.meterwise.core.cost;

import java.util.List;

/**
 * The answer to a {@link CostQuery} as Azure shapes it: typed columns and rows of values ({@code BigDecimal} for
 * numbers, {@code Long} for {@code yyyyMMdd} dates, {@code String} otherwise).
 */
public record CostTable(List<Column> columns, List<List<Object>> rows) {

    public CostTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** A column: its name and Azure type ({@code Number}, {@code String} or {@code Datetime}). */
    public record Column(String name, String type) {
    }
}

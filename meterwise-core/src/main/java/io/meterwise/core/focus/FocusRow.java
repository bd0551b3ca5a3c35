package io.meterwise.core.focus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One FOCUS row: a value per column, null where FOCUS allows it. Values are {@code BigDecimal} (Decimal), {@code
 * Instant} (Date/Time), {@code String} (String and JSON) and {@code Boolean}. Kept as an array by column ordinal: an
 * export builds and reads millions of rows of seventy-odd columns each.
 */
public final class FocusRow {

    private static final int COLUMNS = FocusColumn.values().length;

    private final @Nullable Object[] values;

    FocusRow() {
        values = new Object[COLUMNS];
    }

    /** A row starting with {@code template}'s values (the columns every row of a period shares). */
    FocusRow(FocusRow template) {
        values = template.values.clone();
    }

    FocusRow put(FocusColumn column, @Nullable Object value) {
        if (value != null) {
            values[column.ordinal()] = value;
        }
        return this;
    }

    public @Nullable Object get(FocusColumn column) {
        return values[column.ordinal()];
    }

    /** The columns that have a value, in column order. */
    public Map<FocusColumn, Object> values() {
        Map<FocusColumn, Object> map = new EnumMap<>(FocusColumn.class);
        for (FocusColumn c : FocusColumn.ALL) {
            if (values[c.ordinal()] != null) {
                map.put(c, values[c.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}

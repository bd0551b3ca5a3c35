package io.meterwise.core.focus;

import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One FOCUS row: a value per column, null where FOCUS allows it. Values are {@code BigDecimal} (Decimal), {@code
 * Instant} (Date/Time), {@code String} (String and JSON) and {@code Boolean}.
 */
public final class FocusRow {

    private final EnumMap<FocusColumn, Object> values;

    FocusRow() {
        values = new EnumMap<>(FocusColumn.class);
    }

    /** A row starting with {@code template}'s values (the columns every row of a period shares). */
    FocusRow(FocusRow template) {
        values = new EnumMap<>(template.values);
    }

    FocusRow put(FocusColumn column, @Nullable Object value) {
        if (value != null) {
            values.put(column, value);
        }
        return this;
    }

    public @Nullable Object get(FocusColumn column) {
        return values.get(column);
    }

    public Map<FocusColumn, Object> values() {
        return java.util.Collections.unmodifiableMap(values);
    }
}

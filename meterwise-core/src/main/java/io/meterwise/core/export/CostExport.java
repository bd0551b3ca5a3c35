package io.meterwise.core.export;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An export definition. {@code customFrom}/{@code customTo} are set exactly when the timeframe is {@code Custom}
 * ({@code customTo} is the last day covered). {@code gzip} applies to CSV only. {@code columns} selects and orders the
 * dataset's columns (empty: all of them). {@code granularity} null: one row per charge.
 */
public record CostExport(ExportScope scope, String name, ExportType type, Timeframe timeframe,
        @Nullable Instant customFrom, @Nullable Instant customTo, ExportFormat format, boolean gzip,
        List<String> columns,
        Destination destination, @Nullable ExportSchedule schedule, Instant createdAt, Instant updatedAt,
        @Nullable Granularity granularity) {

    public CostExport {
        columns = List.copyOf(columns);
    }

    /** A definition with one row per charge (no granularity). */
    public CostExport(ExportScope scope, String name, ExportType type, Timeframe timeframe,
            @Nullable Instant customFrom, @Nullable Instant customTo, ExportFormat format, boolean gzip,
            List<String> columns, Destination destination, @Nullable ExportSchedule schedule, Instant createdAt,
            Instant updatedAt) {
        this(scope, name, type, timeframe, customFrom, customTo, format, gzip, columns, destination, schedule,
                createdAt, updatedAt, null);
    }

    /** Whether rows are summed per day or month: ActualCost and Usage with a granularity; FOCUS rows never are. */
    public boolean aggregated() {
        return granularity != null && type != ExportType.FocusCost;
    }

    /** The ARM resource id. */
    public String id() {
        return scope.id() + "/providers/Microsoft.CostManagement/exports/" + name;
    }

    /** An opaque version tag that changes whenever the definition does. */
    public String eTag() {
        return "\"" + Long.toHexString(updatedAt.toEpochMilli()) + "\"";
    }
}

package io.meterwise.core.export;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An export definition. {@code customFrom}/{@code customTo} are set exactly when the timeframe is {@code Custom}
 * ({@code customTo} is the last day covered). {@code gzip} applies to CSV only. {@code columns} selects and orders the
 * dataset's columns (empty: all of them).
 */
public record CostExport(ExportScope scope, String name, ExportType type, Timeframe timeframe,
        @Nullable Instant customFrom, @Nullable Instant customTo, ExportFormat format, boolean gzip,
        List<String> columns,
        Destination destination, @Nullable ExportSchedule schedule, Instant createdAt, Instant updatedAt) {

    public CostExport {
        columns = List.copyOf(columns);
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

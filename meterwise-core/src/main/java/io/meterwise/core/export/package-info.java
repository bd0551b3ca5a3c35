/**
 * Cost Management exports (ADR 0045): an export definition at subscription or resource-group scope, its schedule, and
 * the run that turns a timeframe's FOCUS rows into files partitioned by billing period, each partition with a manifest,
 * delivered atomically through {@link ExportDelivery} and recorded in the run history. Pure: rows come from
 * {@link io.meterwise.core.focus.FocusRows}, files are written by {@link ExportFileWriter}, definitions and runs are
 * kept by {@link CostExportStore}.
 */
@NullMarked
package io.meterwise.core.export;

import org.jspecify.annotations.NullMarked;

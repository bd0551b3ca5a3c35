package io.meterwise.core.export;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One run of an export, as the run history shows it. {@code settings} is the definition in effect for the run;
 * {@code fileName} is the manifest of the first partition written (the spec has one file name per run); {@code
 * error} says why a Failed run failed.
 */
public record ExportRun(String runId, ExportScope scope, String exportName, ExecutionType executionType,
        RunStatus status, String submittedBy, Instant submittedTime, @Nullable Instant processingStartTime,
        @Nullable Instant processingEndTime, @Nullable String fileName, @Nullable String errorCode,
        @Nullable String error, CostExport settings) {

    ExportRun started(Instant start) {
        return new ExportRun(runId, scope, exportName, executionType, RunStatus.InProgress, submittedBy, submittedTime,
                start, null, null, null, null, settings);
    }

    ExportRun finished(RunStatus status, Instant end, @Nullable String fileName, @Nullable String errorCode,
            @Nullable String error) {
        return new ExportRun(runId, scope, exportName, executionType, status, submittedBy, submittedTime,
                processingStartTime, end, fileName, errorCode, error, settings);
    }
}

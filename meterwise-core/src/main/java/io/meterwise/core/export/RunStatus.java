package io.meterwise.core.export;

/** Status of a run, a subset of the spec's ExecutionStatus: runs are executed as soon as they are submitted. */
public enum RunStatus {
    InProgress, Completed, Failed
}

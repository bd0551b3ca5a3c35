package io.meterwise.core.export;

/**
 * Status of a run, a subset of the spec's ExecutionStatus: {@code Queued} until a worker takes it (on-demand runs),
 * {@code InProgress} while its files are written and delivered, then {@code Completed} or {@code Failed}.
 */
public enum RunStatus {
    Queued, InProgress, Completed, Failed
}

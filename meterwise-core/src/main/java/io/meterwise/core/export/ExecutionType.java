package io.meterwise.core.export;

/** Who started a run: a caller ({@code run}) or the scheduler. */
public enum ExecutionType {
    OnDemand, Scheduled
}

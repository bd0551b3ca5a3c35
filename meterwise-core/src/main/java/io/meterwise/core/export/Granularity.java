package io.meterwise.core.export;

/**
 * {@code dataSet.granularity} of an export (ADR 0046): the ActualCost and Usage datasets sum their charges per day or
 * per month (per resource, meter and every other value of the row); FOCUS rows stay one per charge.
 */
public enum Granularity {
    Daily, Monthly
}

package io.meterwise.core.cost;

/** Rows per UTC day, per UTC hour (a Meterwise extension), or one row per group for the whole window. */
public enum TimeGrain {
    NONE,
    DAILY,
    HOURLY
}

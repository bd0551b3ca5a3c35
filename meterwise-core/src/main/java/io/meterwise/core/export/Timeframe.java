package io.meterwise.core.export;

/** The time frame an export run covers, as the Azure spec names it. */
public enum Timeframe {
    MonthToDate, BillingMonthToDate, TheLastMonth, TheLastBillingMonth, WeekToDate, Custom
}

package io.meterwise.core.export;

/**
 * What an export contains. {@code Usage} and {@code ActualCost} are the same (as the Azure spec says): every charge with
 * Azure cost-details column names. {@code FocusCost} is the FOCUS 1.2 dataset (ADR 0034), the name later Azure
 * api-versions give it. Meterwise has no amortisation, so {@code AmortizedCost} is refused.
 */
public enum ExportType {
    Usage, ActualCost, FocusCost
}

package io.meterwise.core.budget;

import java.time.LocalDate;

/** Measures a rule over one of its periods, as known on {@code today} (UTC). */
public interface SpendMeter {

    Spend measure(Budget budget, BudgetPeriod period, LocalDate today, boolean withForecast);
}

package io.meterwise.core.forecast;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * The predicted total of a billing period seen from {@code cutoff} (the first day whose usage is not known yet).
 * {@code actualToDate} is the period's usage before the cut-off, rated. {@code expected} is the rated total of the
 * expected usage paths; the bounds are quantiles of the rated totals of simulated paths (80 %: 10th and 90th, 95 %:
 * 2.5th and 97.5th percentile), never below {@code actualToDate} unless terms such as a credit can lower it.
 * {@code dailyCost} is the expected cost added by each remaining day (the increase of the rated total when the day's
 * expected usage is added), summing to {@code expected - actualToDate}. {@code remainingUsage} is the expected
 * quantity per meter from the cut-off to the end of the period. {@code averageUnitPrices} is, per meter, the rated
 * amount of its expected usage for the whole period divided by that quantity: what the allocation of the period's
 * charges to usage records will charge per unit once the period closes as expected (tiers, included quantities and
 * price versions averaged as the invoice will).
 */
public record BillForecast(BillingPeriod period, LocalDate cutoff, Money actualToDate, Money expected, Money lower80,
        Money upper80, Money lower95, Money upper95, List<Money> dailyCost, Map<UUID, BigDecimal> remainingUsage,
        Map<UUID, BigDecimal> averageUnitPrices) {

    public BillForecast {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(actualToDate, "actualToDate");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(lower80, "lower80");
        Objects.requireNonNull(upper80, "upper80");
        Objects.requireNonNull(lower95, "lower95");
        Objects.requireNonNull(upper95, "upper95");
        dailyCost = List.copyOf(dailyCost);
        remainingUsage = Map.copyOf(remainingUsage);
        averageUnitPrices = Map.copyOf(averageUnitPrices);
    }

    /** Days of the period before the cut-off. */
    public int elapsedDays() {
        return (int) (cutoff.toEpochDay() - period.startDate().toEpochDay());
    }
}

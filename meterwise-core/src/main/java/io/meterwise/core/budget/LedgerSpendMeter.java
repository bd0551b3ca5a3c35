package io.meterwise.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.ChargeType;
import io.meterwise.core.cost.CostFilter;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.forecast.BillForecast;
import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.UsageHistory;
import io.meterwise.core.money.Money;
import io.meterwise.core.money.Rounding;
import io.meterwise.core.time.BillingPeriod;

/**
 * Measures rules from the charges of {@link CostQueries} (so a budget's spend is what Cost Management's Query shows for
 * the same scope, filter and days) and forecasts with the {@link BillForecaster} (ADR 0027, ADR 0041).
 * <ul>
 * <li><b>Actual</b>: the cost (a usage rule: the quantity of its meter) of the scope's charges passing the filter,
 * dated in the period up to now; money rounded once to the currency's minor unit.</li>
 * <li><b>Forecast</b> (cost only): the actual cost of the days before today, plus the forecaster's expected cost of
 * every day from today to the end of the period in this billing month; days of later months in the period are
 * counted at the month's average expected daily cost. The forecaster rates the usage passing the filter; for a
 * resource group or a filtered budget it rates without the offer's terms (credits, commitments, recurring charges
 * belong to no resource and never pass a resource filter). Never below the actual. None on the first day of a month
 * (no day of the month is known yet) and none for a period that has not started.</li>
 * </ul>
 */
public final class LedgerSpendMeter implements SpendMeter {

    private final Catalog catalog;
    private final CostQueries queries;
    private final BillForecaster forecaster;

    public LedgerSpendMeter(Catalog catalog, CostQueries queries, BillForecaster forecaster) {
        this.catalog = catalog;
        this.queries = queries;
        this.forecaster = forecaster;
    }

    @Override
    public Spend measure(Budget budget, BudgetPeriod period, LocalDate today, boolean withForecast) {
        UUID subscriptionId = budget.scope().subscriptionId();
        Subscription subscription = catalog.subscription(subscriptionId).orElseThrow(() ->
                new IllegalStateException("subscription " + subscriptionId + " of budget " + budget.name()
                        + " is not in the catalog"));
        CostFilter filter = budget.filter() == null ? null : budget.filter().toCostFilter();
        String group = budget.scope().resourceGroup();
        Instant todayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (budget.measure() == Measure.USAGE) {
            UUID meterId = budget.meterId();
            BigDecimal[] quantity = {BigDecimal.ZERO};
            queries.charges(subscriptionId, group, period.from(), period.until(), filter, c -> {
                if (meterId.equals(c.meterId())) {
                    quantity[0] = quantity[0].add(c.quantity());
                }
            });
            String unit = catalog.meter(meterId).map(Meter::unit).orElse("");
            return new Spend(period, quantity[0].stripTrailingZeros(), null, unit);
        }
        boolean forecast = withForecast && period.contains(today) && today.getDayOfMonth() != 1;
        Instant from = forecast ? min(period.from(), todayStart.minus(java.time.Duration.ofDays(119)))
                : period.from();
        BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO};
        UsageHistory history = new UsageHistory();
        queries.charges(subscriptionId, group, from, period.until(), filter, c -> {
            if (!c.date().isBefore(period.from())) {
                sums[0] = sums[0].add(c.cost());
                if (c.date().isBefore(todayStart)) {
                    sums[1] = sums[1].add(c.cost());
                }
            }
            if (forecast && c.chargeType() == ChargeType.USAGE && c.meterId() != null) {
                history.add(c.meterId(), LocalDate.ofInstant(c.date(), ZoneOffset.UTC), c.quantity());
            }
        });
        var currency = subscription.currency();
        BigDecimal actual = Rounding.toMinorUnit(sums[0], currency);
        BigDecimal expected = null;
        if (forecast) {
            BigDecimal remaining = remaining(subscription, budget, period, today, history);
            if (remaining != null) {
                expected = Rounding.toMinorUnit(sums[1].add(remaining), currency).max(actual);
            }
        } else if (withForecast && period.until().compareTo(todayStart) <= 0) {
            expected = actual;
        }
        return new Spend(period, actual, expected, currency.getCurrencyCode());
    }

    /** Expected cost from today to the period's end, or null when the forecaster cannot price the usage. */
    private @Nullable BigDecimal remaining(Subscription subscription, Budget budget, BudgetPeriod period,
            LocalDate today, UsageHistory history) {
        PriceList prices = catalog.priceList(subscription.priceListKey())
                .orElseGet(() -> PriceList.of(subscription.priceListKey(), List.of()));
        Offer offer = catalog.offer(subscription.offerDurableId()).orElse(null);
        if (offer == null) {
            return null;
        }
        if (budget.filter() != null || budget.scope().resourceGroup() != null) {
            offer = new Offer(offer.durableId(), offer.name(), offer.type(), List.of());
        }
        BillingPeriod month = new BillingPeriod(java.time.YearMonth.from(today));
        BillForecast f;
        try {
            f = forecaster.forecast(prices, offer, month, today, history);
        } catch (IllegalArgumentException e) {
            return null;
        }
        BigDecimal remaining = BigDecimal.ZERO;
        BigDecimal monthRemaining = BigDecimal.ZERO;
        List<Money> days = f.dailyCost();
        for (int h = 0; h < days.size(); h++) {
            monthRemaining = monthRemaining.add(days.get(h).amount());
            if (!today.plusDays(h).isAfter(period.end())) {
                remaining = remaining.add(days.get(h).amount());
            }
        }
        LocalDate afterMonth = month.endDate();
        if (!days.isEmpty() && !afterMonth.isAfter(period.end())) {
            long laterDays = period.end().toEpochDay() - afterMonth.toEpochDay() + 1;
            BigDecimal daily = monthRemaining.divide(BigDecimal.valueOf(days.size()), 12,
                    java.math.RoundingMode.HALF_EVEN);
            remaining = remaining.add(daily.multiply(BigDecimal.valueOf(laterDays)));
        }
        return remaining;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

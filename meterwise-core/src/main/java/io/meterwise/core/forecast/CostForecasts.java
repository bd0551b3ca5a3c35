package io.meterwise.core.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.ChargeType;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.CostQuery;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.Grouping;
import io.meterwise.core.cost.InvalidCostQuery;
import io.meterwise.core.cost.LargestRemainder;
import io.meterwise.core.cost.Metric;
import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.core.cost.TimeGrain;
import io.meterwise.core.money.Money;
import io.meterwise.core.money.Rounding;
import io.meterwise.core.time.BillingPeriod;

/**
 * The daily cost forecast of the Cost Management forecast API, as a table of rows with a {@code CostStatus} of
 * {@code Actual} or {@code Forecast}, all read as of one ledger position.
 * <ul>
 * <li><b>Actual</b> rows are the Cost Management query's daily rows for the same filter and groupings (so they agree
 * with Query to the cent), for the days before today (today too with {@code includeFreshPartialCost}).</li>
 * <li><b>Forecast</b> rows cover today (or from tomorrow with {@code includeFreshPartialCost}) to the end of the
 * window, which may not go past the current billing period. Without filter, groupings or resource group they are the
 * {@link BillForecaster}'s daily cost of the subscription: the increase of the rated total day by day, terms included,
 * so the actual total plus the forecast rows of the rest of the period is the forecast invoice (forecast from the
 * period's first day, that day's row also carries the terms due without usage, such as a recurring charge, dated
 * that day as in Query). With a filter, a
 * grouping or at resource-group scope, each group's usage is forecast per meter from its own history (only the
 * usage that passes the filter) and priced at the meter's average unit price in the subscription's forecast period
 * ({@link BillForecast#averageUnitPrices()}): what allocating the period's charges to records will charge the group
 * once the period closes as forecast. Terms (credits, recurring charges) belong to the subscription and appear only
 * in the unfiltered forecast, as in Query.</li>
 * <li>Interval columns (a Meterwise extension) {@value #LOWER_80}, {@value #UPPER_80}, {@value #LOWER_95},
 * {@value #UPPER_95}: on a forecast row, the row's share of the interval of the period's remaining cost, i.e. the row
 * cost times {@code (bound - actual to date) / (expected - actual to date)} of the subscription's forecast, so the
 * bounds of the remaining days of the period add up to the period's bounds less its actual cost. On an actual row
 * they equal the cost.</li>
 * </ul>
 * Money columns are rounded for display with {@link LargestRemainder} per column over the forecast rows.
 */
public final class CostForecasts {

    public static final String LOWER_80 = "CostLower80";
    public static final String UPPER_80 = "CostUpper80";
    public static final String LOWER_95 = "CostLower95";
    public static final String UPPER_95 = "CostUpper95";
    public static final String ACTUAL = "Actual";
    public static final String FORECAST = "Forecast";

    private final Catalog catalog;
    private final PeriodUsage usage;
    private final CostQueries queries;
    private final BillForecaster forecaster;

    public CostForecasts(Catalog catalog, PeriodUsage usage, CostQueries queries, BillForecaster forecaster) {
        this.catalog = catalog;
        this.usage = usage;
        this.queries = queries;
        this.forecaster = forecaster;
    }

    /**
     * Answers the request as of {@code now}.
     *
     * @throws InvalidCostQuery naming the field for an unknown subscription, a window that ends before it starts, is
     *     longer than a query may be or ends after the current billing period, a non-money metric or too many
     *     groupings
     */
    public CostTable forecast(CostForecastRequest request, Instant now) {
        Subscription subscription = catalog.subscription(request.subscriptionId()).orElseThrow(
                () -> new InvalidCostQuery("scope", "The subscription '" + request.subscriptionId()
                        + "' could not be found."));
        if (request.metrics().isEmpty()) {
            throw new InvalidCostQuery("dataset.aggregation", "A forecast needs an aggregation: Sum of Cost, "
                    + "PreTaxCost, CostUSD or PreTaxCostUSD.");
        }
        for (Metric m : request.metrics()) {
            if (!m.isMoney()) {
                throw new InvalidCostQuery("dataset.aggregation", m.wireName() + " cannot be forecast; use Cost, "
                        + "PreTaxCost, CostUSD or PreTaxCostUSD.");
            }
        }
        queries.validate(query(request, request.from(), request.to()));
        BillingPeriod period = BillingPeriod.containing(now);
        if (request.to().isAfter(period.end())) {
            throw new InvalidCostQuery("timePeriod.to", "Meterwise forecasts up to the end of the current billing "
                    + "period (" + period.endDate().minusDays(1) + "); timePeriod.to is " + request.to() + ".");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstForecastDay = request.includeFreshPartialCost() ? today.plusDays(1) : today;
        long upTo = queries.position();
        Currency currency = subscription.currency();
        List<Row> rows = new ArrayList<>();
        int metrics = request.metrics().size();
        int groupCells = CostQueries.groupingColumns(request.groupings()).size();

        Instant actualEnd = min(request.to(), startOf(firstForecastDay));
        if (request.includeActualCost() && request.from().isBefore(actualEnd)) {
            CostTable actual = queries.run(query(request, request.from(), actualEnd), upTo);
            for (List<Object> cells : actual.rows()) {
                List<BigDecimal> values = new ArrayList<>();
                for (int i = 0; i < metrics; i++) {
                    values.add((BigDecimal) cells.get(i));
                }
                BigDecimal cost = values.get(0);
                rows.add(new Row((Long) cells.get(metrics + groupCells), ACTUAL, cells.subList(metrics,
                        metrics + groupCells), values, List.of(cost, cost, cost, cost)));
            }
        }

        LocalDate from = max(firstForecastDay, LocalDate.ofInstant(request.from(), ZoneOffset.UTC));
        LocalDate to = LocalDate.ofInstant(request.to().minusNanos(1), ZoneOffset.UTC).plusDays(1);
        if (from.isBefore(to)) {
            rows.addAll(roundForecast(forecastRows(request, subscription, period, today, from, to, upTo), metrics,
                    Rounding.minorDigits(currency)));
        }
        rows.sort(Comparator.comparingLong(Row::usageDate).thenComparing(Row::status)
                .thenComparing(r -> r.groupCells().toString()));

        List<CostTable.Column> columns = new ArrayList<>();
        for (Metric m : request.metrics()) {
            columns.add(new CostTable.Column(m.wireName(), "Number"));
        }
        columns.addAll(CostQueries.groupingColumns(request.groupings()));
        columns.add(new CostTable.Column("UsageDate", "Number"));
        columns.add(new CostTable.Column("CostStatus", "String"));
        columns.add(new CostTable.Column("Currency", "String"));
        for (String bound : List.of(LOWER_80, UPPER_80, LOWER_95, UPPER_95)) {
            columns.add(new CostTable.Column(bound, "Number"));
        }
        List<List<Object>> table = new ArrayList<>(rows.size());
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>(columns.size());
            cells.addAll(row.values());
            cells.addAll(row.groupCells());
            cells.add(row.usageDate());
            cells.add(row.status());
            cells.add(currency.getCurrencyCode());
            cells.addAll(row.bounds());
            table.add(cells);
        }
        return new CostTable(columns, table);
    }

    private record Row(long usageDate, String status, List<Object> groupCells, List<BigDecimal> values,
            List<BigDecimal> bounds) {
    }

    /** Forecast rows with exact amounts, one per group and day of {@code [from, to)}. */
    private List<Row> forecastRows(CostForecastRequest request, Subscription subscription, BillingPeriod period,
            LocalDate today, LocalDate from, LocalDate to, long upTo) {
        PriceList prices = catalog.priceList(subscription.priceListKey())
                .orElseGet(() -> PriceList.of(subscription.priceListKey(), List.of()));
        Offer offer = catalog.offer(subscription.offerDurableId()).orElseThrow(() -> new IllegalStateException(
                "offer " + subscription.offerDurableId() + " is not in the catalog"));
        UsageHistory all = new UsageHistory();
        LocalDate historyStart = today.minusDays(BillForecaster.HISTORY_DAYS);
        for (BillingPeriod p = BillingPeriod.containing(startOf(historyStart)); !p.start().isAfter(period.start());
                p = p.next()) {
            usage.quantities(subscription.subscriptionId(), p, upTo,
                    (meter, start, quantity) -> all.add(meter, LocalDate.ofInstant(start, ZoneOffset.UTC), quantity));
        }
        BillForecast forecast = forecaster.forecast(prices, offer, period, today, all);
        BigDecimal remaining = forecast.expected().minus(forecast.actualToDate()).amount();
        List<BigDecimal> ratios = new ArrayList<>();
        for (Money bound : List.of(forecast.lower80(), forecast.upper80(), forecast.lower95(), forecast.upper95())) {
            ratios.add(remaining.signum() == 0 ? BigDecimal.ZERO
                    : bound.minus(forecast.actualToDate()).amount().divide(remaining, MathContext.DECIMAL64));
        }
        int skip = (int) (from.toEpochDay() - today.toEpochDay());
        int days = (int) (to.toEpochDay() - from.toEpochDay());
        List<Row> rows = new ArrayList<>();
        if (request.groupings().isEmpty() && request.filter() == null && request.resourceGroup() == null) {
            for (int d = 0; d < days; d++) {
                // forecast from the period's first day: the terms due without usage (a recurring charge) are dated
                // that day, as in Query, and are certain
                BigDecimal certain = skip + d == 0 && today.equals(period.startDate())
                        ? forecast.actualToDate().amount() : BigDecimal.ZERO;
                rows.add(row(from.plusDays(d), List.of(), certain, forecast.dailyCost().get(skip + d).amount(),
                        request, ratios));
            }
            return rows;
        }
        Map<List<String>, UsageHistory> groups = new TreeMap<>(Comparator.comparing(Object::toString));
        queries.charges(subscription.subscriptionId(), request.resourceGroup(), startOf(historyStart), startOf(today),
                request.filter(), upTo, c -> {
                    if (c.chargeType() != ChargeType.USAGE || c.meterId() == null) {
                        return;
                    }
                    List<String> key = new ArrayList<>(request.groupings().size());
                    for (Grouping g : request.groupings()) {
                        key.add(g.valueOf(c));
                    }
                    groups.computeIfAbsent(key, k -> new UsageHistory()).add(c.meterId(),
                            LocalDate.ofInstant(c.date(), ZoneOffset.UTC), c.quantity());
                });
        int horizon = (int) (period.endDate().toEpochDay() - today.toEpochDay());
        for (Map.Entry<List<String>, UsageHistory> group : groups.entrySet()) {
            BigDecimal[] cost = new BigDecimal[days];
            java.util.Arrays.fill(cost, BigDecimal.ZERO);
            for (UUID meter : group.getValue().meterIds()) {
                BigDecimal price = forecast.averageUnitPrices().get(meter);
                if (price == null) {
                    continue;
                }
                double[] expected = forecaster.usage(group.getValue(), meter, today, horizon).expected();
                for (int d = 0; d < days; d++) {
                    cost[d] = cost[d].add(BigDecimal.valueOf(expected[skip + d]).multiply(price));
                }
            }
            List<Object> cells = new ArrayList<>();
            CostQueries.addGroupingCells(cells, request.groupings(), group.getKey());
            for (int d = 0; d < days; d++) {
                rows.add(row(from.plusDays(d), cells, BigDecimal.ZERO, cost[d], request, ratios));
            }
        }
        return rows;
    }

    /** A forecast row of {@code certain + expected}; the bounds scale the expected part only. */
    private static Row row(LocalDate day, List<Object> groupCells, BigDecimal certain, BigDecimal expected,
            CostForecastRequest request, List<BigDecimal> ratios) {
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < request.metrics().size(); i++) {
            values.add(certain.add(expected));
        }
        List<BigDecimal> bounds = ratios.stream().map(r -> certain.add(expected.multiply(r, MathContext.DECIMAL64)))
                .toList();
        return new Row(CostQueries.usageDate(day), FORECAST, groupCells, values, bounds);
    }

    /** Rounds every money column of the forecast rows so that each column adds up to its rounded exact total. */
    private static List<Row> roundForecast(List<Row> rows, int metrics, int digits) {
        List<List<BigDecimal>> columns = new ArrayList<>();
        for (int c = 0; c < metrics + 4; c++) {
            int column = c;
            columns.add(LargestRemainder.round(rows.stream().map(r -> column < metrics ? r.values().get(column)
                    : r.bounds().get(column - metrics)).toList(), digits));
        }
        List<Row> rounded = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<BigDecimal> values = new ArrayList<>();
            List<BigDecimal> bounds = new ArrayList<>();
            for (int c = 0; c < metrics + 4; c++) {
                (c < metrics ? values : bounds).add(columns.get(c).get(i));
            }
            rounded.add(new Row(r.usageDate(), r.status(), r.groupCells(), values, bounds));
        }
        return rounded;
    }

    private static CostQuery query(CostForecastRequest request, Instant from, Instant to) {
        return new CostQuery(request.subscriptionId(), request.resourceGroup(), from, to, TimeGrain.DAILY,
                request.metrics(), request.groupings(), request.filter());
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}

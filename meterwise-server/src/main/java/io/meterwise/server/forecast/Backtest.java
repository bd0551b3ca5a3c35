package io.meterwise.server.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meterwise.core.forecast.BillForecast;
import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.RunRate;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;

/**
 * Replays series: for each billing period and cut-off day D (7, 14, 21), the usage of days 1..D is known and the
 * period's total is forecast, by the model and by the run-rate baseline, then compared with the period's actual rated
 * total. The run-rate's intervals treat the daily spend so far as independent draws: the remaining {@code R} days'
 * spend has variance {@code R s^2 + R^2 s^2 / D}, {@code s} the standard deviation of the daily spend, normal bounds.
 */
final class Backtest {

    static final int[] CUTOFF_DAYS = {7, 14, 21};

    private final BillForecaster forecaster;

    Backtest(BillForecaster forecaster) {
        this.forecaster = forecaster;
    }

    /** One forecast compared with the actual total. */
    record Outcome(String set, String group, String series, BillingPeriod period, int cutoffDay, BigDecimal actual,
            BillForecast model, Bounds runRate) {
    }

    record Bounds(BigDecimal point, BigDecimal lower80, BigDecimal upper80, BigDecimal lower95, BigDecimal upper95) {
        boolean covers80(BigDecimal actual) {
            return lower80.compareTo(actual) <= 0 && actual.compareTo(upper80) <= 0;
        }

        boolean covers95(BigDecimal actual) {
            return lower95.compareTo(actual) <= 0 && actual.compareTo(upper95) <= 0;
        }
    }

    List<Outcome> run(List<BacktestSeries> series) {
        List<Outcome> outcomes = new ArrayList<>();
        for (BacktestSeries s : series) {
            for (BillingPeriod period : s.periods()) {
                List<Money> cumulative = cumulativeDaily(s, period);
                BigDecimal actual = cumulative.get(cumulative.size() - 1).amount();
                for (int day : CUTOFF_DAYS) {
                    LocalDate cutoff = period.startDate().plusDays(day);
                    BillForecast model = forecaster.forecast(s.prices(), s.offer(), period, cutoff, s.history());
                    outcomes.add(new Outcome(s.set(), s.group(), s.name(), period, day, actual, model,
                            runRate(cumulative, day, period.month().lengthOfMonth())));
                }
            }
        }
        return outcomes;
    }

    /** The rated total after each day of the period. */
    private static List<Money> cumulativeDaily(BacktestSeries s, BillingPeriod period) {
        Rater rater = Rater.forPeriod(s.prices(), s.offer(), period);
        List<Money> totals = new ArrayList<>();
        for (LocalDate day = period.startDate(); day.isBefore(period.endDate()); day = day.plusDays(1)) {
            for (UUID meter : s.history().meterIds()) {
                BigDecimal q = s.history().days(meter, day, day.plusDays(1)).get(day);
                if (q != null) {
                    rater.add(meter, day.atStartOfDay(ZoneOffset.UTC).toInstant(), q);
                }
            }
            totals.add(rater.result().total());
        }
        return totals;
    }

    private static Bounds runRate(List<Money> cumulative, int elapsed, int days) {
        Money spent = cumulative.get(elapsed - 1);
        BigDecimal point = RunRate.of(spent, elapsed, days).amount();
        double mean = spent.amount().doubleValue() / elapsed;
        double sumSquares = 0;
        double previous = 0;
        for (int d = 0; d < elapsed; d++) {
            double total = cumulative.get(d).amount().doubleValue();
            sumSquares += (total - previous - mean) * (total - previous - mean);
            previous = total;
        }
        double sd = Math.sqrt(sumSquares / (elapsed - 1));
        int remaining = days - elapsed;
        double spread = Math.sqrt(remaining * sd * sd + (double) remaining * remaining * sd * sd / elapsed);
        return new Bounds(point, around(point, -1.2816 * spread), around(point, 1.2816 * spread),
                around(point, -1.96 * spread), around(point, 1.96 * spread));
    }

    private static BigDecimal around(BigDecimal point, double delta) {
        return point.add(BigDecimal.valueOf(delta)).setScale(2, RoundingMode.HALF_UP);
    }

    /** Figures of one set, group and cut-off day. */
    record Summary(String set, String group, int cutoffDay, int forecasts, double modelMape, double runRateMape,
            double modelCoverage80, double modelCoverage95, double runRateCoverage80, double runRateCoverage95) {

        /** How much lower the model's MAPE is than the run-rate's, in percent of the run-rate's. */
        double reduction() {
            return runRateMape == 0 ? 0 : 100 * (runRateMape - modelMape) / runRateMape;
        }
    }

    /** Per set, group and cut-off day, in first-seen order; forecasts of a zero actual total are left out of MAPE. */
    static List<Summary> summarize(List<Outcome> outcomes) {
        Map<String, List<Outcome>> groups = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            groups.computeIfAbsent(o.set() + '\0' + o.group() + '\0' + o.cutoffDay(), k -> new ArrayList<>()).add(o);
        }
        List<Summary> summaries = new ArrayList<>();
        for (List<Outcome> list : groups.values()) {
            Outcome first = list.get(0);
            double modelError = 0;
            double runRateError = 0;
            int scored = 0;
            int m80 = 0;
            int m95 = 0;
            int r80 = 0;
            int r95 = 0;
            for (Outcome o : list) {
                BillForecast f = o.model();
                if (o.actual().signum() != 0) {
                    modelError += relativeError(f.expected().amount(), o.actual());
                    runRateError += relativeError(o.runRate().point(), o.actual());
                    scored++;
                }
                m80 += within(o.actual(), f.lower80().amount(), f.upper80().amount()) ? 1 : 0;
                m95 += within(o.actual(), f.lower95().amount(), f.upper95().amount()) ? 1 : 0;
                r80 += o.runRate().covers80(o.actual()) ? 1 : 0;
                r95 += o.runRate().covers95(o.actual()) ? 1 : 0;
            }
            double n = list.size();
            summaries.add(new Summary(first.set(), first.group(), first.cutoffDay(), list.size(),
                    scored == 0 ? 0 : 100 * modelError / scored, scored == 0 ? 0 : 100 * runRateError / scored,
                    100 * m80 / n, 100 * m95 / n, 100 * r80 / n, 100 * r95 / n));
        }
        return summaries;
    }

    private static boolean within(BigDecimal actual, BigDecimal lower, BigDecimal upper) {
        return lower.compareTo(actual) <= 0 && actual.compareTo(upper) <= 0;
    }

    private static double relativeError(BigDecimal forecast, BigDecimal actual) {
        return forecast.subtract(actual).abs().divide(actual.abs(), MathContext.DECIMAL64).doubleValue();
    }
}

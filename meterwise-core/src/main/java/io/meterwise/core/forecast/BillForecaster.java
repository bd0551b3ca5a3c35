package io.meterwise.core.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;

/**
 * Predicts a billing period's total from the usage known before a cut-off day (ADR 0027).
 * <ol>
 * <li>Usage of the period before the cut-off is rated as it is: that is {@link BillForecast#actualToDate()}.</li>
 * <li>Each meter's daily usage over the last {@value #HISTORY_DAYS} days (previous periods included) is forecast to
 * the end of the period by {@link UsageModel}: an expected quantity per remaining day and the standard deviation of
 * their sum.</li>
 * <li>The expected total is the {@link Rater}'s total of the known usage plus the expected usage, each remaining day's
 * quantity under the price version in force on that day. So included quantities already used up, tiers reached by
 * the month's cumulative usage, price changes announced for later in the period, commitment discounts and credits
 * all count as they will on the invoice; a straight line through past amounts would miss every one of them.</li>
 * <li>The intervals come from {@code scenarios} simulated paths: each meter's remaining usage is scaled by
 * {@code max(0, 1 + e * sd / total)}, {@code e} standard normal with correlation {@code meterCorrelation} between the
 * meters of the subscription (one common factor); each path is rated, and the bounds are quantiles of the totals.
 * The simulation is seeded, so the same input gives the same forecast.</li>
 * </ol>
 */
public final class BillForecaster {

    static final int HISTORY_DAYS = 119;
    private static final int QUANTITY_SCALE = 6;
    private static final int UNIT_PRICE_SCALE = 10;

    private final ForecastSettings settings;

    public BillForecaster(ForecastSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Forecasts {@code period}'s total from {@code history} before {@code cutoff}, a day in
     * {@code [period start, period end]} (at the period start nothing of the period is known yet, only the periods
     * before; at the period end nothing is left to forecast).
     *
     * @throws IllegalArgumentException for a cut-off outside that range, or known usage of a meter without a price
     */
    public BillForecast forecast(PriceList prices, Offer offer, BillingPeriod period, LocalDate cutoff,
            UsageHistory history) {
        LocalDate start = period.startDate();
        LocalDate end = period.endDate();
        if (cutoff.isBefore(start) || cutoff.isAfter(end)) {
            throw new IllegalArgumentException("cut-off " + cutoff + " is not within billing period " + period.month());
        }
        int horizon = (int) (end.toEpochDay() - cutoff.toEpochDay());
        List<MeterPlan> plans = new ArrayList<>();
        for (UUID meterId : history.meterIds()) {
            plans.add(plan(prices, meterId, period, cutoff, horizon, history));
        }
        plans.sort(Comparator.comparing(p -> p.meterId().toString()));

        Money actual = rate(prices, offer, period, plans, null, false).total();
        List<Money> dailyCost = dailyCost(prices, offer, period, plans, horizon, actual);
        Money expected = actual;
        for (Money day : dailyCost) {
            expected = expected.plus(day);
        }

        Random random = new Random(settings.seed());
        double rho = settings.meterCorrelation();
        double own = Math.sqrt(1 - rho * rho);
        BigDecimal[] totals = new BigDecimal[settings.scenarios()];
        double[] multipliers = new double[plans.size()];
        for (int s = 0; s < totals.length; s++) {
            double common = random.nextGaussian();
            for (int m = 0; m < plans.size(); m++) {
                double e = rho * common + own * random.nextGaussian();
                multipliers[m] = Math.max(0, 1 + e * plans.get(m).relativeSd());
            }
            totals[s] = rate(prices, offer, period, plans, multipliers, true).total().amount();
        }
        Arrays.sort(totals);
        var currency = prices.key().currency();
        Map<UUID, BigDecimal> remaining = new LinkedHashMap<>();
        for (MeterPlan plan : plans) {
            double total = plan.expectedTotal();
            if (total > 0) {
                remaining.put(plan.meterId(), quantity(total));
            }
        }
        return new BillForecast(period, cutoff, actual, expected, Money.of(quantile(totals, 0.10), currency),
                Money.of(quantile(totals, 0.90), currency), Money.of(quantile(totals, 0.025), currency),
                Money.of(quantile(totals, 0.975), currency), dailyCost, remaining,
                averageUnitPrices(rate(prices, offer, period, plans, null, true)));
    }

    /** One meter: its known usage per price-version segment and its expected usage per remaining day. */
    private record MeterPlan(UUID meterId, Map<Instant, BigDecimal> actualSegments, double[] expectedDays,
            Instant[] segmentOfDay, double expectedTotal, double relativeSd) {
    }

    private MeterPlan plan(PriceList prices, UUID meterId, BillingPeriod period, LocalDate cutoff, int horizon,
            UsageHistory history) {
        Map<Instant, BigDecimal> actualSegments = new LinkedHashMap<>();
        for (var day : history.days(meterId, period.startDate(), cutoff).entrySet()) {
            Instant dayStart = startOf(day.getKey());
            Instant segment = segmentStart(prices, meterId, period, dayStart)
                    .orElseThrow(() -> new IllegalArgumentException("meter " + meterId + " has no price on "
                            + day.getKey() + " in price list " + prices.key()));
            actualSegments.merge(segment, day.getValue(), BigDecimal::add);
        }
        UsageModel.Forecast f = usage(history, meterId, cutoff, horizon);
        double[] expected = f.expected();
        double sd = f.totalSd();
        Instant[] segments = new Instant[horizon];
        double total = 0;
        for (int h = 0; h < horizon; h++) {
            segments[h] = segmentStart(prices, meterId, period, startOf(cutoff.plusDays(h))).orElse(null);
            if (segments[h] == null) {
                expected[h] = 0;
            }
            total += expected[h];
        }
        return new MeterPlan(meterId, actualSegments, expected, segments, total, total > 0 ? sd / total : 0);
    }

    /**
     * The meter's expected quantity on each of the {@code horizon} days from {@code cutoff}, from its daily usage over
     * the last {@value #HISTORY_DAYS} days before the cut-off, and the standard deviation of their sum.
     */
    UsageModel.Forecast usage(UsageHistory history, UUID meterId, LocalDate cutoff, int horizon) {
        var known = history.days(meterId, cutoff.minusDays(HISTORY_DAYS), cutoff);
        if (known.isEmpty()) {
            return new UsageModel.Forecast(new double[horizon], 0);
        }
        LocalDate first = known.firstKey();
        double[] series = new double[(int) (cutoff.toEpochDay() - first.toEpochDay())];
        known.forEach((day, q) -> series[(int) (day.toEpochDay() - first.toEpochDay())] = q.doubleValue());
        return UsageModel.forecast(first, series, horizon, settings);
    }

    /** Per meter: the rated amount of its usage divided by its quantity (what allocation charges a unit of it). */
    private static Map<UUID, BigDecimal> averageUnitPrices(RatedPeriod rated) {
        Map<UUID, BigDecimal[]> sums = new HashMap<>();
        for (MeterCharge charge : rated.meterCharges()) {
            BigDecimal[] s = sums.computeIfAbsent(charge.meterId(), m -> new BigDecimal[] {BigDecimal.ZERO,
                BigDecimal.ZERO});
            s[0] = s[0].add(charge.amount().amount());
            s[1] = s[1].add(charge.quantity());
        }
        Map<UUID, BigDecimal> prices = new HashMap<>();
        sums.forEach((meter, s) -> {
            if (s[1].signum() > 0) {
                prices.put(meter, s[0].divide(s[1], UNIT_PRICE_SCALE, RoundingMode.HALF_EVEN));
            }
        });
        return prices;
    }

    /**
     * The instant that stands for a day's price-version segment in the period: the later of the period start and the
     * version's effective date, which lies in the same version's range.
     */
    private static Optional<Instant> segmentStart(PriceList prices, UUID meterId, BillingPeriod period, Instant day) {
        return prices.priceAt(meterId, day).map(MeterPrice::effectiveFrom)
                .map(from -> from.isAfter(period.start()) ? from : period.start());
    }

    private static RatedPeriod rate(PriceList prices, Offer offer, BillingPeriod period, List<MeterPlan> plans,
            double @org.jspecify.annotations.Nullable [] multipliers, boolean withForecast) {
        Rater rater = Rater.forPeriod(prices, offer, period);
        for (int m = 0; m < plans.size(); m++) {
            MeterPlan plan = plans.get(m);
            plan.actualSegments().forEach((at, q) -> rater.add(plan.meterId(), at, q));
            if (withForecast) {
                double factor = multipliers == null ? 1 : multipliers[m];
                Map<Instant, Double> bySegment = new HashMap<>();
                for (int h = 0; h < plan.expectedDays().length; h++) {
                    if (plan.segmentOfDay()[h] != null && plan.expectedDays()[h] > 0) {
                        bySegment.merge(plan.segmentOfDay()[h], plan.expectedDays()[h] * factor, Double::sum);
                    }
                }
                bySegment.forEach((at, q) -> rater.add(plan.meterId(), at, quantity(q)));
            }
        }
        return rater.result();
    }

    private static List<Money> dailyCost(PriceList prices, Offer offer, BillingPeriod period, List<MeterPlan> plans,
            int horizon, Money actual) {
        Rater rater = Rater.forPeriod(prices, offer, period);
        for (MeterPlan plan : plans) {
            plan.actualSegments().forEach((at, q) -> rater.add(plan.meterId(), at, q));
        }
        List<Money> days = new ArrayList<>(horizon);
        Money before = actual;
        for (int h = 0; h < horizon; h++) {
            for (MeterPlan plan : plans) {
                if (plan.segmentOfDay()[h] != null && plan.expectedDays()[h] > 0) {
                    rater.add(plan.meterId(), plan.segmentOfDay()[h], quantity(plan.expectedDays()[h]));
                }
            }
            Money after = rater.result().total();
            days.add(after.minus(before));
            before = after;
        }
        return days;
    }

    private static BigDecimal quantile(BigDecimal[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static BigDecimal quantity(double value) {
        return BigDecimal.valueOf(value).setScale(QUANTITY_SCALE, RoundingMode.HALF_UP);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}

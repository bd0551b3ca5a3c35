package io.meterwise.core.estimate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageHistory.Slice;

/**
 * Estimates what a workload will cost, by rating it with the {@link Rater} exactly as if it had been ingested:
 * <ul>
 * <li><b>Marginal</b> (with a subscription): the workload starts at the current UTC hour {@code h} and runs to the end
 * of the current billing period, so each line's quantity is its monthly quantity x (hours from {@code h} to the period
 * end) / (hours of the period), rounded half up to {@value #QUANTITY_SCALE} decimals (the ledger's scale), used at
 * {@code h}. The cost is {@code rate(usage so far + workload) - rate(usage so far)}: tiers already climbed, included
 * quantity already used, credit left and commitment discount reached all count.</li>
 * <li><b>Full month</b>: the workload alone, each line's whole monthly quantity used at {@code h} of the current
 * period, rated with the same price list and offer terms: what a month of only this workload costs at today's
 * prices, its total the whole bill of such a month (a recurring charge of the offer included).</li>
 * </ul>
 * Lines of one meter are added in order; a line's amount is the increase of its meter's charges when it is added (the
 * meter's charges before and after are given so that a person can check the tiers). Meters price independently, so
 * the line amounts add up to the change of the usage charges; the change of each offer term is listed separately and
 * {@code total = usage charges + terms}.
 */
public final class Estimator {

    static final int QUANTITY_SCALE = 9;

    /** A resolved line: the meter and the quantity rated. */
    public record LineCost(WorkloadLine line, Meter meter, BigDecimal quantity, List<MeterCharge> before,
            List<MeterCharge> after, Money amount) {
    }

    /** One rating scenario: the priced periods without and with the workload, and the difference. */
    public record Scenario(BillingPeriod period, Instant usedAt, List<LineCost> lines, RatedPeriod without,
            RatedPeriod with, Money usageCharges, Money total) {
    }

    private final PriceList priceList;
    private final Offer offer;

    public Estimator(PriceList priceList, Offer offer) {
        this.priceList = Objects.requireNonNull(priceList, "priceList");
        this.offer = Objects.requireNonNull(offer, "offer");
    }

    /** The hour the workload starts: the start of the UTC hour holding {@code now}. */
    public static Instant startHour(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS);
    }

    /** The share of a monthly quantity used from the start hour of {@code now} to the end of its period. */
    public static BigDecimal restOfPeriod(BigDecimal monthlyQuantity, Instant now) {
        Instant start = startHour(now);
        BillingPeriod period = BillingPeriod.containing(start);
        long remaining = Duration.between(start, period.end()).toHours();
        long hours = Duration.between(period.start(), period.end()).toHours();
        return monthlyQuantity.multiply(BigDecimal.valueOf(remaining)).divide(BigDecimal.valueOf(hours),
                QUANTITY_SCALE, RoundingMode.HALF_UP);
    }

    /** The marginal cost of {@code lines} for the rest of the period, on top of {@code usageSoFar} of that period. */
    public Scenario marginal(Instant now, Iterable<Slice> usageSoFar, Map<WorkloadLine, Meter> lines) {
        Map<WorkloadLine, BigDecimal> quantities = new LinkedHashMap<>();
        lines.keySet().forEach(l -> quantities.put(l, restOfPeriod(l.monthlyQuantity(), now)));
        return scenario(startHour(now), usageSoFar, lines, quantities, false);
    }

    /** A full month of {@code lines} alone. */
    public Scenario fullMonth(Instant now, Map<WorkloadLine, Meter> lines) {
        Map<WorkloadLine, BigDecimal> quantities = new LinkedHashMap<>();
        lines.keySet().forEach(l -> quantities.put(l, l.monthlyQuantity()));
        return scenario(startHour(now), List.of(), lines, quantities, true);
    }

    private Scenario scenario(Instant at, Iterable<Slice> base, Map<WorkloadLine, Meter> lines,
            Map<WorkloadLine, BigDecimal> quantities, boolean alone) {
        BillingPeriod period = BillingPeriod.containing(at);
        Rater without = Rater.forPeriod(priceList, offer, period);
        Rater with = Rater.forPeriod(priceList, offer, period);
        Map<UUID, List<Slice>> baseByMeter = new HashMap<>();
        for (Slice slice : base) {
            without.add(slice.meterId(), slice.usageStart(), slice.quantity());
            with.add(slice.meterId(), slice.usageStart(), slice.quantity());
            baseByMeter.computeIfAbsent(slice.meterId(), m -> new ArrayList<>()).add(slice);
        }
        Map<UUID, Rater> perMeter = new HashMap<>();
        Map<UUID, List<MeterCharge>> lastCharges = new HashMap<>();
        List<LineCost> costs = new ArrayList<>();
        for (var entry : lines.entrySet()) {
            WorkloadLine line = entry.getKey();
            UUID meterId = entry.getValue().meterId();
            BigDecimal quantity = quantities.get(line);
            with.add(meterId, at, quantity);
            Rater meterRater = perMeter.computeIfAbsent(meterId, id -> {
                Rater r = Rater.forPeriod(priceList, offer, period);
                baseByMeter.getOrDefault(id, List.of()).forEach(s -> r.add(s.meterId(), s.usageStart(), s.quantity()));
                return r;
            });
            List<MeterCharge> before = lastCharges.computeIfAbsent(meterId, id -> chargesOf(meterRater.result(), id));
            meterRater.add(meterId, at, quantity);
            List<MeterCharge> after = chargesOf(meterRater.result(), meterId);
            lastCharges.put(meterId, after);
            Money amount = Money.of(sum(after).subtract(sum(before)), priceList.key().currency());
            costs.add(new LineCost(line, entry.getValue(), quantity, before, after, amount));
        }
        RatedPeriod r0 = without.result();
        RatedPeriod r1 = with.result();
        if (alone) {
            // a month of the workload alone is that month's whole bill, recurring charges included
            return new Scenario(period, at, costs, r0, r1, r1.usageCharges(), r1.total());
        }
        return new Scenario(period, at, costs, r0, r1, r1.usageCharges().minus(r0.usageCharges()),
                r1.total().minus(r0.total()));
    }

    private static List<MeterCharge> chargesOf(RatedPeriod rated, UUID meterId) {
        return rated.meterCharges().stream().filter(c -> c.meterId().equals(meterId)).toList();
    }

    private static BigDecimal sum(List<MeterCharge> charges) {
        BigDecimal total = BigDecimal.ZERO;
        for (MeterCharge c : charges) {
            total = total.add(c.amount().amount());
        }
        return total;
    }
}

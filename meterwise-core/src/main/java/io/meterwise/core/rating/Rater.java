package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

/**
 * Prices the usage of one subscription in one billing period: add every usage record, then read the {@link #result()}.
 * The currency is the price list's. A rater is not thread-safe; it keeps only sums, never the records.
 *
 * <h2>Usage charges</h2>
 * <ol>
 * <li><b>Segments.</b> A record belongs to the price version of its meter in force at its usage start (the latest
 * {@link MeterPrice#effectiveFrom()} not after it). All records of a meter under one version form a segment; only the
 * segment's summed quantity matters, so splitting, merging or reordering records never changes the result.</li>
 * <li><b>Cumulative graduated tiers.</b> A meter's segments are taken in the order of their versions. Segment {@code s}
 * covers the cumulative range {@code [A, B)} of the meter's period quantity, where {@code A} is the sum of the earlier
 * segments and {@code B = A + quantity(s)}. With {@code inc} the segment's version's included quantity, the part of
 * {@code [A, B)} below {@code inc} is free ({@link MeterCharge#includedQuantityUsed()}); the rest,
 * {@code [max(A, inc), B)}, is the billable range {@code [max(A, inc) - inc, B - inc)}, split over the version's tiers,
 * tier {@code i} covering {@code [t_i, t_i+1)}. So tiers and included quantity count from the start of the period
 * across a mid-period price change; each version prices only its own segment.</li>
 * <li><b>Lines.</b> One {@link TierCharge} per tier with billable quantity above zero, amount
 * {@code round(quantity x unitPrice)} half up to the currency's minor unit: the only rounding of usage (ADR 0003).
 * One {@link MeterCharge} per meter and version with quantity above zero (also when all of it was included and the
 * amount is zero), its amount the exact sum of its tier lines. Lines are ordered by meter id (in the canonical
 * lower-case text form) and then by version.</li>
 * </ol>
 *
 * <h2>Offer terms</h2>
 * Terms in the price list's currency whose effective date is before the period end apply; of several terms of one
 * kind the one with the latest effective date supersedes the others. They are applied in this order, each one line:
 * <ol>
 * <li>{@code MonetaryCommitment}: {@code eligible} = the meter charges of meters it does not exclude; the percentage
 * of the highest threshold not above {@code eligible} (none: 0 %) gives the discount
 * {@code -round(eligible x percent / 100)}.</li>
 * <li>{@code MonetaryCredit}: {@code eligible} = the meter charges of meters it does not exclude, minus the commitment
 * discount on them: {@code round(charges of meters excluded by neither term x percent / 100)}, which is the whole
 * discount when both terms exclude the same meters. The credit applied is {@code -min(credit, eligible)}; the rest
 * lapses. The total therefore never goes below zero because of a credit.</li>
 * <li>{@code RecurringCharge}: the charge, added.</li>
 * </ol>
 * {@code usageCharges} is the sum of the meter charges and {@code total = usageCharges + sum(term amounts)}: sums of
 * rounded lines, never rounded again.
 */
public final class Rater {

    private static final Comparator<MeterUsage> BY_METER_ID = Comparator.comparing(m -> m.meterId().toString());

    private final PriceList priceList;
    private final BillingPeriod period;
    private final Instant periodStart;
    private final Instant periodEnd;
    private final Currency currency;
    private final TermPricing terms;
    private final Map<UUID, MeterUsage> meters = new HashMap<>();
    private MeterUsage lastMeter;

    private Rater(PriceList priceList, Offer offer, BillingPeriod period) {
        this.priceList = Objects.requireNonNull(priceList, "priceList");
        this.period = Objects.requireNonNull(period, "period");
        this.periodStart = period.start();
        this.periodEnd = period.end();
        this.currency = priceList.key().currency();
        this.terms = new TermPricing(Objects.requireNonNull(offer, "offer"), period, currency);
    }

    /** A rater for {@code period}, in the currency of {@code priceList}, with the terms of {@code offer}. */
    public static Rater forPeriod(PriceList priceList, Offer offer, BillingPeriod period) {
        return new Rater(priceList, offer, period);
    }

    /** Rates a whole period at once. */
    public static RatedPeriod rate(PriceList priceList, Offer offer, BillingPeriod period,
            Iterable<UsageRecord> records) {
        Rater rater = forPeriod(priceList, offer, period);
        for (UsageRecord record : records) {
            rater.add(record);
        }
        return rater.result();
    }

    /** Adds a usage record; see {@link #add(UUID, Instant, BigDecimal)}. */
    public void add(UsageRecord record) {
        add(record.meterId(), record.usageStart(), record.quantity());
    }

    /**
     * Adds {@code quantity} units of a meter used from {@code usageStart}.
     *
     * @throws IllegalArgumentException if {@code usageStart} is outside the period, {@code quantity} is negative, or
     *     the meter has no price version in force at {@code usageStart}; nothing is added then
     */
    public void add(UUID meterId, Instant usageStart, BigDecimal quantity) {
        if (usageStart.compareTo(periodStart) < 0 || usageStart.compareTo(periodEnd) >= 0) {
            throw new IllegalArgumentException("usage start " + usageStart + " is outside billing period "
                    + period.month());
        }
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity " + quantity.toPlainString() + " is negative");
        }
        MeterUsage meter = lastMeter;
        if (meter == null || !meter.meterId().equals(meterId)) {
            meter = meters.get(meterId);
            if (meter == null) {
                meter = newMeter(meterId);
            }
            lastMeter = meter;
        }
        meter.add(usageStart, quantity);
    }

    private MeterUsage newMeter(UUID meterId) {
        List<MeterPrice> versions = priceList.versions(meterId);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("meter " + meterId + " has no price in price list " + priceList.key());
        }
        MeterUsage meter = MeterUsage.of(meterId, versions, period);
        meters.put(meterId, meter);
        return meter;
    }

    /** The priced period for everything added so far; calling it changes nothing. */
    public RatedPeriod result() {
        List<MeterUsage> ordered = new ArrayList<>(meters.values());
        ordered.sort(BY_METER_ID);
        List<MeterCharge> charges = new ArrayList<>();
        for (MeterUsage meter : ordered) {
            meter.chargeInto(charges, currency);
        }
        BigDecimal usage = BigDecimal.ZERO;
        for (MeterCharge charge : charges) {
            usage = usage.add(charge.amount().amount());
        }
        List<TermApplication> applied = terms.apply(charges);
        BigDecimal total = usage;
        for (TermApplication term : applied) {
            total = total.add(term.amount().amount());
        }
        return new RatedPeriod(period, currency, charges, applied, Money.of(usage, currency), Money.of(total, currency));
    }
}

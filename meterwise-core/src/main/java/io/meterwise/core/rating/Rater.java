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
 * The currency is the price list's. A rater is not thread-safe; it keeps only sums, never the records. The
 * <b>billed time</b> is the part of the period the subscription is billed for ({@code [billedFrom, billedUntil)}, by
 * default the whole period): from its creation, until it is disabled or deleted. Time in force is counted in seconds
 * ({@link TimeInForce}); the rules below are decided in ADR 0012.
 *
 * <h2>Usage charges</h2>
 * <ol>
 * <li><b>Segments.</b> A record belongs to the price version of its meter in force at its usage start (the latest
 * {@link MeterPrice#effectiveFrom()} not after it). All records of a meter under one version form a segment; only the
 * segment's summed quantity matters, so splitting, merging or reordering records never changes the result.</li>
 * <li><b>Each version prices its own segment, with its quantities prorated.</b> A version is in force in the period
 * from {@code max(effectiveFrom, period start)} until the next version's {@code effectiveFrom} or the period end,
 * {@code s} of the period's {@code S} seconds. Its included quantity {@code inc} and tier thresholds {@code t_i}
 * become {@code inc x s / S} and {@code t_i x s / S} (to 9 decimals, half up; unchanged when {@code s = S}). The first
 * {@code inc x s / S} units of the segment are free ({@link MeterCharge#includedQuantityUsed()}); the remaining
 * billable units {@code [0, B)} are split over the prorated tiers, tier {@code i} covering
 * {@code [t_i x s / S, t_i+1 x s / S)} at its unit price (graduated). A segment never depends on another segment, so
 * more usage under any version, early or late, never lowers another version's charge. The billed time does not
 * prorate usage prices: a subscription created mid-month has its versions' whole shares.</li>
 * <li><b>Lines.</b> One {@link TierCharge} per tier with billable quantity above zero, amount
 * {@code round(quantity x unitPrice)} half up to the currency's minor unit: the only rounding of usage (ADR 0003).
 * One {@link MeterCharge} per meter and version with quantity above zero (also when all of it was included and the
 * amount is zero), its amount the exact sum of its tier lines. Lines are ordered by meter id (in the canonical
 * lower-case text form) and then by version.</li>
 * </ol>
 *
 * <h2>Offer terms</h2>
 * Only terms in the price list's currency apply; an offer with a kind of term that has no amount in that currency
 * cannot be rated (IllegalArgumentException naming the term). They are applied in this order, each one line:
 * <ol>
 * <li>{@code MonetaryCommitment}: the one in force at the start of the billed time applies to the whole period (a
 * commitment taking effect later in the period starts with the next period). {@code eligible} = the meter charges of
 * meters it does not exclude. The discount is graduated like meter tiers: each slice of {@code eligible} between two
 * thresholds gets its threshold's percentage (below the lowest threshold: 0 %), and the sum is rounded once:
 * {@code -round(sum(slice x percent / 100))}. So crossing a threshold never lowers the bill. The line's
 * {@code percent} is the highest percentage reached, its slices are listed.</li>
 * <li>{@code MonetaryCredit}: each credit term is in force from its effective date until the next credit term's;
 * the credit available is {@code round(sum(credit x seconds in force within the billed time / S))}. Meters excluded
 * by the latest credit term in force are not credited. {@code eligible} = the meter charges of credited meters minus
 * their share of the commitment discount, which is the discount of all discounted meters minus the discount the
 * discounted but not credited meters would get alone: {@code D(all) - D(discounted, not credited)} (the credited
 * meters take the top slices). When both terms exclude the same meters that is the whole discount. The credit
 * applied is {@code -min(available, eligible)}; the rest lapses. The total never goes below zero because of a
 * credit.</li>
 * <li>{@code RecurringCharge}: prorated like the credit: {@code round(sum(charge x seconds in force within the billed
 * time / S))}, added.</li>
 * </ol>
 * {@code usageCharges} is the sum of the meter charges and {@code total = usageCharges + sum(term amounts)}: sums of
 * rounded lines, never rounded again.
 *
 * <h2>More usage never lowers the total</h2>
 * Adding usage of any meter at any instant of the period, in any order, never lowers {@code total}: a segment's
 * charge grows with its quantity alone; a discount grows by at most what the charges grow (percentages are at most
 * 100); the credit eligible grows by at most the usage added to a credited meter, and by no more than the discount
 * shrinks it otherwise ({@code RaterPropertiesTest.addingUsageAnywhereNeverLowersTheTotal}).
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

    private Rater(PriceList priceList, Offer offer, BillingPeriod period, Instant billedFrom, Instant billedUntil) {
        this.priceList = Objects.requireNonNull(priceList, "priceList");
        this.period = Objects.requireNonNull(period, "period");
        this.periodStart = period.start();
        this.periodEnd = period.end();
        this.currency = priceList.key().currency();
        this.terms = new TermPricing(Objects.requireNonNull(offer, "offer"), period, billedFrom, billedUntil,
                currency);
    }

    /**
     * A rater for the whole of {@code period}, in the currency of {@code priceList}, with the terms of {@code offer}.
     *
     * @throws IllegalArgumentException if a kind of term of the offer has no amount in the price list's currency
     */
    public static Rater forPeriod(PriceList priceList, Offer offer, BillingPeriod period) {
        return new Rater(priceList, offer, period, period.start(), period.end());
    }

    /**
     * A rater for {@code period} where the subscription is billed only for {@code [billedFrom, billedUntil)} (clipped
     * to the period; empty when it does not meet the period): recurring charges and credits are prorated to it.
     *
     * @throws IllegalArgumentException as {@link #forPeriod(PriceList, Offer, BillingPeriod)}
     */
    public static Rater forPeriod(PriceList priceList, Offer offer, BillingPeriod period, Instant billedFrom,
            Instant billedUntil) {
        return new Rater(priceList, offer, period, billedFrom, billedUntil);
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

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
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

/**
 * Prices the usage of one subscription's billing period. Feed it every record of the period with {@link #add}, in any
 * order, then read {@link #result()}.
 *
 * <p>The rules (docs/rating.md has a worked example):
 * <ol>
 * <li>A record is priced by the price version in force at its usage start. Per meter, the records of one version form a
 * segment; segments follow each other in the order of their versions, and only a segment's summed quantity matters,
 * so splitting or reordering records never changes the result.</li>
 * <li>Tiers are graduated over the cumulative quantity of the meter in the billing period. A segment covers the
 * cumulative range {@code [A, B)}. The first {@code includedQuantity} units of the period (of the segment's version)
 * are free; the rest maps to billable positions {@code [max(A, inc) - inc, B - inc)}, split over the version's tier
 * thresholds.</li>
 * <li>Each tier's amount is {@code round(quantity x unitPrice)} to the minor unit (ADR 0003): the only rounding.</li>
 * <li>Offer terms in the price list's currency that took effect before the period ends apply in this order: monetary
 * commitment discount, monetary credit (which pays at most what remains after the discount), recurring charge.</li>
 * </ol>
 */
public final class Rater {

    private final PriceList priceList;
    private final Offer offer;
    private final BillingPeriod period;
    private final Currency currency;
    private final long periodStart;
    private final long periodEnd;
    private final Map<UUID, MeterSegments> meters = new HashMap<>();
    private UUID lastMeterId;
    private MeterSegments lastMeter;

    private Rater(PriceList priceList, Offer offer, BillingPeriod period) {
        this.priceList = priceList;
        this.offer = offer;
        this.period = period;
        this.currency = priceList.key().currency();
        this.periodStart = period.start().getEpochSecond();
        this.periodEnd = period.end().getEpochSecond();
    }

    public static Rater forPeriod(PriceList priceList, Offer offer, BillingPeriod period) {
        Objects.requireNonNull(priceList, "priceList");
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(period, "period");
        return new Rater(priceList, offer, period);
    }

    /** Rates a whole set of records at once. */
    public static RatedPeriod rate(PriceList priceList, Offer offer, BillingPeriod period,
            Iterable<UsageRecord> usage) {
        Rater rater = forPeriod(priceList, offer, period);
        for (UsageRecord r : usage) {
            rater.add(r.meterId(), r.usageStart(), r.quantity());
        }
        return rater.result();
    }

    /**
     * Adds {@code quantity} units of a meter used from {@code usageStart}.
     *
     * @throws IllegalArgumentException if the usage starts outside the period, the quantity is negative, or the meter
     *     has no price version in force at {@code usageStart}
     */
    public void add(UUID meterId, Instant usageStart, BigDecimal quantity) {
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity " + quantity + " of meter " + meterId + " is negative");
        }
        long second = usageStart.getEpochSecond();
        if (second < periodStart || second >= periodEnd) {
            throw new IllegalArgumentException("usage at " + usageStart + " is outside billing period " + period.month());
        }
        MeterSegments segments;
        if (meterId.equals(lastMeterId)) {
            segments = lastMeter;
        } else {
            segments = meters.get(meterId);
            if (segments == null) {
                segments = MeterSegments.of(meterId, priceList.versions(meterId), periodStart, periodEnd);
                meters.put(meterId, segments);
            }
            lastMeterId = meterId;
            lastMeter = segments;
        }
        segments.add(second, usageStart, quantity);
    }

    public RatedPeriod result() {
        List<MeterCharge> charges = new ArrayList<>();
        meters.values().stream()
                .sorted(Comparator.comparing(s -> s.meterId))
                .forEach(s -> s.charge(currency, charges));
        Money usage = Money.zero(currency);
        for (MeterCharge c : charges) {
            usage = usage.plus(c.amount());
        }
        List<TermApplication> terms = OfferTerms.apply(offer.termsIn(currency), period, charges, usage);
        Money total = usage;
        for (TermApplication t : terms) {
            total = total.plus(t.amount());
        }
        return new RatedPeriod(period, currency, charges, terms, usage, total);
    }

    /** The price versions of one meter that are in force during the period, and the quantity summed under each. */
    private static final class MeterSegments {
        private final UUID meterId;
        private final MeterPrice[] versions;
        private final long[] from;
        private final BigDecimal[] quantities;

        private MeterSegments(UUID meterId, MeterPrice[] versions, long[] from) {
            this.meterId = meterId;
            this.versions = versions;
            this.from = from;
            this.quantities = new BigDecimal[versions.length];
        }

        static MeterSegments of(UUID meterId, List<MeterPrice> allVersions, long periodStart, long periodEnd) {
            List<MeterPrice> inForce = new ArrayList<>();
            for (MeterPrice p : allVersions) {
                long effective = p.effectiveFrom().getEpochSecond();
                if (effective >= periodEnd) {
                    break;
                }
                if (effective <= periodStart && !inForce.isEmpty()) {
                    inForce.clear();
                }
                inForce.add(p);
            }
            if (inForce.isEmpty()) {
                throw new IllegalArgumentException("meter " + meterId + " has no price in force during the period");
            }
            long[] from = new long[inForce.size()];
            for (int i = 0; i < from.length; i++) {
                from[i] = inForce.get(i).effectiveFrom().getEpochSecond();
            }
            return new MeterSegments(meterId, inForce.toArray(MeterPrice[]::new), from);
        }

        void add(long second, Instant usageStart, BigDecimal quantity) {
            int segment = from.length - 1;
            while (segment >= 0 && from[segment] > second) {
                segment--;
            }
            if (segment < 0) {
                throw new IllegalArgumentException("meter " + meterId + " has no price in force at " + usageStart);
            }
            BigDecimal sum = quantities[segment];
            quantities[segment] = sum == null ? quantity : sum.add(quantity);
        }

        void charge(Currency currency, List<MeterCharge> out) {
            BigDecimal cumulative = BigDecimal.ZERO;
            for (int i = 0; i < versions.length; i++) {
                BigDecimal quantity = quantities[i];
                if (quantity == null) {
                    continue;
                }
                out.add(TierSplit.charge(meterId, versions[i], cumulative, quantity, currency));
                cumulative = cumulative.add(quantity);
            }
        }
    }
}

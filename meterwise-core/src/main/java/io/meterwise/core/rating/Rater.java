package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

/**
 * Placeholder written by the invoice branch against the agreed API of the rating branch; the rating branch's Rater
 * replaces it on merge. Graduated tiers over the cumulative billable position in the period, included quantity first.
 */
public final class Rater {

    private final PriceList priceList;
    private final Offer offer;
    private final BillingPeriod period;
    private final Currency currency;
    private final Map<UUID, List<Usage>> usageByMeter = new HashMap<>();

    private record Usage(Instant start, BigDecimal quantity) {
    }

    private Rater(PriceList priceList, Offer offer, BillingPeriod period) {
        this.priceList = priceList;
        this.offer = offer;
        this.period = period;
        this.currency = priceList.key().currency();
    }

    public static Rater forPeriod(PriceList priceList, Offer offer, BillingPeriod period) {
        return new Rater(priceList, offer, period);
    }

    public static RatedPeriod rate(PriceList priceList, Offer offer, BillingPeriod period, Iterable<UsageRecord> usage) {
        Rater rater = forPeriod(priceList, offer, period);
        for (UsageRecord r : usage) {
            rater.add(r.meterId(), r.usageStart(), r.quantity());
        }
        return rater.result();
    }

    public void add(UUID meterId, Instant usageStart, BigDecimal quantity) {
        if (!period.contains(usageStart)) {
            throw new IllegalArgumentException("usage at " + usageStart + " is outside " + period);
        }
        usageByMeter.computeIfAbsent(meterId, m -> new ArrayList<>()).add(new Usage(usageStart, quantity));
    }

    public RatedPeriod result() {
        List<MeterCharge> charges = new ArrayList<>();
        List<UUID> meters = new ArrayList<>(usageByMeter.keySet());
        meters.sort(Comparator.naturalOrder());
        for (UUID meter : meters) {
            charges.addAll(rateMeter(meter, usageByMeter.get(meter)));
        }
        Money usage = Money.zero(currency);
        for (MeterCharge c : charges) {
            usage = usage.plus(c.amount());
        }
        List<TermApplication> terms = new ArrayList<>();
        Money total = usage;
        for (OfferTerm term : offer.termsIn(currency)) {
            if (!term.effectiveDate().isBefore(period.end())) {
                continue;
            }
            TermApplication applied;
            if (term instanceof OfferTerm.MonetaryCommitment c) {
                Money eligible = eligible(charges, c.excludedMeterIds());
                var floor = c.tieredDiscount().floorEntry(eligible.amount());
                BigDecimal pct = floor == null ? BigDecimal.ZERO : floor.getValue();
                applied = new TermApplication.CommitmentDiscount(pct, eligible,
                        Money.of(eligible.amount().multiply(pct).movePointLeft(2), currency).negate());
            } else if (term instanceof OfferTerm.MonetaryCredit c) {
                Money eligible = eligible(charges, c.excludedMeterIds());
                Money used = eligible.compareAmount(c.credit()) < 0 ? eligible : c.credit();
                applied = new TermApplication.CreditApplied(c.credit(), eligible, used.negate());
            } else {
                applied = new TermApplication.RecurringFee(((OfferTerm.RecurringCharge) term).charge());
            }
            terms.add(applied);
            total = total.plus(applied.amount());
        }
        return new RatedPeriod(period, currency, charges, terms, usage, total);
    }

    private Money eligible(List<MeterCharge> charges, Set<UUID> excluded) {
        Money sum = Money.zero(currency);
        for (MeterCharge c : charges) {
            if (!excluded.contains(c.meterId())) {
                sum = sum.plus(c.amount());
            }
        }
        return sum;
    }

    private List<MeterCharge> rateMeter(UUID meter, List<Usage> usage) {
        usage.sort(Comparator.comparing(Usage::start));
        Map<Instant, MeterPrice> versions = new LinkedHashMap<>();
        Map<Instant, BigDecimal> quantity = new HashMap<>();
        Map<Instant, BigDecimal> included = new HashMap<>();
        Map<Instant, TreeMap<BigDecimal, BigDecimal>> tierQuantity = new HashMap<>();
        BigDecimal position = BigDecimal.ZERO;
        for (Usage u : usage) {
            MeterPrice price = priceList.priceAt(meter, u.start()).orElseThrow(
                    () -> new IllegalStateException("meter " + meter + " has no price at " + u.start()));
            Instant key = price.effectiveFrom();
            versions.putIfAbsent(key, price);
            quantity.merge(key, u.quantity(), BigDecimal::add);
            BigDecimal from = position;
            BigDecimal to = position.add(u.quantity());
            position = to;
            BigDecimal inc = price.includedQuantity();
            BigDecimal freeUnits = inc.min(to).subtract(inc.min(from));
            included.merge(key, freeUnits, BigDecimal::add);
            BigDecimal billFrom = from.subtract(inc).max(BigDecimal.ZERO);
            BigDecimal billTo = to.subtract(inc).max(BigDecimal.ZERO);
            NavigableMap<BigDecimal, BigDecimal> tiers = price.tiers();
            for (var tier : tiers.entrySet()) {
                BigDecimal lo = tier.getKey();
                BigDecimal hi = tiers.higherKey(lo);
                BigDecimal a = billFrom.max(lo);
                BigDecimal b = hi == null ? billTo : billTo.min(hi);
                if (b.compareTo(a) > 0) {
                    tierQuantity.computeIfAbsent(key, k -> new TreeMap<>()).merge(lo, b.subtract(a), BigDecimal::add);
                }
            }
        }
        List<MeterCharge> result = new ArrayList<>();
        for (var v : versions.entrySet()) {
            List<TierCharge> tiers = new ArrayList<>();
            Money amount = Money.zero(currency);
            for (var t : tierQuantity.getOrDefault(v.getKey(), new TreeMap<>()).entrySet()) {
                BigDecimal unitPrice = v.getValue().tiers().get(t.getKey());
                Money tierAmount = Money.of(t.getValue().multiply(unitPrice), currency);
                tiers.add(new TierCharge(t.getKey(), t.getValue(), unitPrice, tierAmount));
                amount = amount.plus(tierAmount);
            }
            result.add(new MeterCharge(meter, v.getKey(), quantity.get(v.getKey()), included.get(v.getKey()), tiers,
                    amount));
        }
        return result;
    }
}

package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferTerm.MonetaryCommitment;
import io.meterwise.core.catalog.OfferTerm.MonetaryCredit;
import io.meterwise.core.catalog.OfferTerm.RecurringCharge;
import io.meterwise.core.catalog.OfferTerms;
import io.meterwise.core.money.Money;
import io.meterwise.core.money.Rounding;
import io.meterwise.core.time.BillingPeriod;

/** Applies an offer's terms to the meter charges of a billing period, in the order documented on {@link Rater}. */
final class TermPricing {

    private final Optional<MonetaryCommitment> commitment;
    private final Optional<Prorated<MonetaryCredit>> credit;
    private final Optional<Prorated<RecurringCharge>> recurring;
    private final Currency currency;

    /** The terms of one kind in force during the billed time: the amount prorated over them, and the latest one. */
    private record Prorated<T extends OfferTerm>(T latest, BigDecimal exactAmount, TimeInForce inForce) {
    }

    TermPricing(Offer offer, BillingPeriod period, Instant billedFrom, Instant billedUntil, Currency currency) {
        OfferTerms.requireEveryKindIn(offer, currency);
        List<OfferTerm> terms = new ArrayList<>(offer.termsIn(currency));
        terms.sort(Comparator.comparing(OfferTerm::effectiveDate));
        this.commitment = inForceAt(terms, MonetaryCommitment.class, billedFrom.isAfter(period.start()) ? billedFrom
                : period.start());
        this.credit = prorated(terms, MonetaryCredit.class, period, billedFrom, billedUntil,
                c -> c.credit().amount());
        this.recurring = prorated(terms, RecurringCharge.class, period, billedFrom, billedUntil,
                c -> c.charge().amount());
        this.currency = currency;
    }

    /** The term of one kind in force at {@code instant}: the latest whose effective date is not after it. */
    private static <T extends OfferTerm> Optional<T> inForceAt(List<OfferTerm> oldestFirst, Class<T> kind,
            Instant instant) {
        T found = null;
        for (OfferTerm term : oldestFirst) {
            if (kind.isInstance(term) && !term.effectiveDate().isAfter(instant)) {
                found = kind.cast(term);
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Each term of the kind is in force from its effective date until the next one's; its amount counts for the
     * seconds of that range within the billed time, as a share of the period's seconds.
     */
    private static <T extends OfferTerm> Optional<Prorated<T>> prorated(List<OfferTerm> oldestFirst, Class<T> kind,
            BillingPeriod period, Instant billedFrom, Instant billedUntil,
            java.util.function.Function<T, BigDecimal> amountOf) {
        List<T> ofKind = oldestFirst.stream().filter(kind::isInstance).map(kind::cast).toList();
        T latest = null;
        BigDecimal exact = BigDecimal.ZERO;
        long seconds = 0;
        long periodSeconds = 0;
        for (int i = 0; i < ofKind.size(); i++) {
            T term = ofKind.get(i);
            Instant from = later(term.effectiveDate(), billedFrom);
            Instant until = i + 1 < ofKind.size() ? earlier(ofKind.get(i + 1).effectiveDate(), billedUntil)
                    : billedUntil;
            TimeInForce inForce = TimeInForce.of(period, from, until);
            periodSeconds = inForce.periodSeconds();
            if (!inForce.isNone()) {
                latest = term;
                seconds += inForce.seconds();
                exact = exact.add(inForce.prorateAmount(amountOf.apply(term)));
            }
        }
        return latest == null ? Optional.empty()
                : Optional.of(new Prorated<>(latest, exact, new TimeInForce(seconds, periodSeconds)));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    List<TermApplication> apply(List<MeterCharge> charges) {
        List<TermApplication> applied = new ArrayList<>();
        Set<UUID> notDiscounted = Set.of();
        BigDecimal discount = BigDecimal.ZERO;
        if (commitment.isPresent()) {
            notDiscounted = commitment.get().excludedMeterIds();
            BigDecimal eligible = sum(charges, notDiscounted, Set.of());
            Map.Entry<BigDecimal, BigDecimal> reached = commitment.get().tieredDiscount().floorEntry(eligible);
            BigDecimal percent = reached == null ? BigDecimal.ZERO : reached.getValue();
            discount = graduatedDiscount(eligible);
            applied.add(new TermApplication.CommitmentDiscount(percent, money(eligible), slices(eligible),
                    money(discount.negate())));
        }
        if (credit.isPresent()) {
            Set<UUID> notCredited = credit.get().latest().excludedMeterIds();
            BigDecimal discountOnCredited = BigDecimal.ZERO;
            if (commitment.isPresent()) {
                // the credited meters' share of the discount is what they add on top of the discount of the other
                // discounted meters: the top slices (ADR 0012), so more usage of any meter never lowers the total
                BigDecimal discountedNotCredited = sum(charges, notDiscounted, Set.of())
                        .subtract(sum(charges, notDiscounted, notCredited));
                discountOnCredited = discount.subtract(graduatedDiscount(discountedNotCredited));
            }
            BigDecimal eligible = sum(charges, notCredited, Set.of()).subtract(discountOnCredited);
            Money available = money(credit.get().exactAmount());
            BigDecimal used = available.amount().min(eligible);
            applied.add(new TermApplication.CreditApplied(available, money(eligible), money(used.negate()),
                    partial(credit.get().inForce())));
        }
        recurring.ifPresent(term -> applied.add(new TermApplication.RecurringFee(money(term.exactAmount()),
                partial(term.inForce()))));
        return applied;
    }

    private static @Nullable TimeInForce partial(TimeInForce inForce) {
        return inForce.isWholePeriod() ? null : inForce;
    }

    /**
     * The commitment discount on {@code amount}, graduated like meter tiers: each slice of the amount between two
     * thresholds gets its threshold's percentage, so more usage never lowers the bill. Rounded once, half up.
     */
    private BigDecimal graduatedDiscount(BigDecimal amount) {
        BigDecimal exact = BigDecimal.ZERO;
        for (TermApplication.Slice slice : slices(amount)) {
            exact = exact.add(slice.inSlice().multiply(slice.percent()).movePointLeft(2));
        }
        return Rounding.toMinorUnit(exact, currency);
    }

    private List<TermApplication.Slice> slices(BigDecimal amount) {
        List<TermApplication.Slice> slices = new ArrayList<>();
        List<Map.Entry<BigDecimal, BigDecimal>> tiers = new ArrayList<>(commitment.orElseThrow().tieredDiscount()
                .entrySet());
        for (int i = 0; i < tiers.size(); i++) {
            BigDecimal from = tiers.get(i).getKey();
            BigDecimal to = i + 1 < tiers.size() ? amount.min(tiers.get(i + 1).getKey()) : amount;
            if (to.compareTo(from) > 0) {
                slices.add(new TermApplication.Slice(from, to.subtract(from), tiers.get(i).getValue()));
            }
        }
        return slices;
    }

    /** Sum of the charges of meters in neither excluded set. */
    private static BigDecimal sum(List<MeterCharge> charges, Set<UUID> excluded, Set<UUID> alsoExcluded) {
        BigDecimal total = BigDecimal.ZERO;
        for (MeterCharge charge : charges) {
            if (!excluded.contains(charge.meterId()) && !alsoExcluded.contains(charge.meterId())) {
                total = total.add(charge.amount().amount());
            }
        }
        return total;
    }

    private Money money(BigDecimal exactAmount) {
        return Money.of(exactAmount, currency);
    }
}

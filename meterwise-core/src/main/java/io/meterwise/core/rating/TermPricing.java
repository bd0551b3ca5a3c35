package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferTerm.MonetaryCommitment;
import io.meterwise.core.catalog.OfferTerm.MonetaryCredit;
import io.meterwise.core.catalog.OfferTerm.RecurringCharge;
import io.meterwise.core.money.Money;
import io.meterwise.core.money.Rounding;
import io.meterwise.core.time.BillingPeriod;

/** Applies an offer's terms to the meter charges of a billing period, in the order documented on {@link Rater}. */
final class TermPricing {

    private final Optional<MonetaryCommitment> commitment;
    private final Optional<MonetaryCredit> credit;
    private final Optional<RecurringCharge> recurring;
    private final Currency currency;

    TermPricing(Offer offer, BillingPeriod period, Currency currency) {
        List<OfferTerm> terms = offer.termsIn(currency);
        Instant end = period.end();
        this.commitment = latest(terms, MonetaryCommitment.class, end);
        this.credit = latest(terms, MonetaryCredit.class, end);
        this.recurring = latest(terms, RecurringCharge.class, end);
        this.currency = currency;
    }

    /** Of the terms of one kind in effect before the period ends, the latest supersedes the others. */
    private static <T extends OfferTerm> Optional<T> latest(List<OfferTerm> terms, Class<T> kind, Instant end) {
        T found = null;
        for (OfferTerm term : terms) {
            if (kind.isInstance(term) && term.effectiveDate().isBefore(end)
                    && (found == null || term.effectiveDate().isAfter(found.effectiveDate()))) {
                found = kind.cast(term);
            }
        }
        return Optional.ofNullable(found);
    }

    List<TermApplication> apply(List<MeterCharge> charges) {
        List<TermApplication> applied = new ArrayList<>();
        BigDecimal percent = BigDecimal.ZERO;
        Set<UUID> notDiscounted = Set.of();
        BigDecimal discount = BigDecimal.ZERO;
        if (commitment.isPresent()) {
            notDiscounted = commitment.get().excludedMeterIds();
            BigDecimal eligible = sum(charges, notDiscounted, Set.of());
            Map.Entry<BigDecimal, BigDecimal> reached = commitment.get().tieredDiscount().floorEntry(eligible);
            percent = reached == null ? BigDecimal.ZERO : reached.getValue();
            discount = percentOf(eligible, percent);
            applied.add(new TermApplication.CommitmentDiscount(percent, money(eligible), money(discount.negate())));
        }
        if (credit.isPresent()) {
            Set<UUID> notCredited = credit.get().excludedMeterIds();
            BigDecimal discountOnCredited = commitment.isEmpty() ? BigDecimal.ZERO
                    : percentOf(sum(charges, notCredited, notDiscounted), percent);
            BigDecimal eligible = sum(charges, notCredited, Set.of()).subtract(discountOnCredited);
            BigDecimal used = credit.get().credit().amount().min(eligible);
            applied.add(new TermApplication.CreditApplied(credit.get().credit(), money(eligible), money(used.negate())));
        }
        recurring.ifPresent(term -> applied.add(new TermApplication.RecurringFee(term.charge())));
        return applied;
    }

    /** The magnitude of a percentage of an amount, rounded half up to the minor unit. */
    private BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return Rounding.toMinorUnit(amount.multiply(percent).movePointLeft(2), currency);
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

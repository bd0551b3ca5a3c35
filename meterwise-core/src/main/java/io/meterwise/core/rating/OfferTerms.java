package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/** Applies an offer's terms to the usage charges of a period: commitment discounts, then credits, then fees. */
final class OfferTerms {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private OfferTerms() {
    }

    static List<TermApplication> apply(List<OfferTerm> terms, BillingPeriod period, List<MeterCharge> charges,
            Money usage) {
        List<OfferTerm> inForce = terms.stream().filter(t -> t.effectiveDate().isBefore(period.end())).toList();
        List<TermApplication> applied = new ArrayList<>();
        Money remaining = usage;
        for (OfferTerm term : inForce) {
            if (term instanceof OfferTerm.MonetaryCommitment commitment) {
                Money eligible = eligible(charges, commitment.excludedMeterIds(), usage);
                Map.Entry<BigDecimal, BigDecimal> tier = commitment.tieredDiscount().floorEntry(eligible.amount());
                if (tier != null && tier.getValue().signum() > 0) {
                    Money discount = Money.of(eligible.amount().multiply(tier.getValue()).divide(HUNDRED), usage.currency())
                            .negate();
                    applied.add(new TermApplication.CommitmentDiscount(tier.getValue(), eligible, discount));
                    remaining = remaining.plus(discount);
                }
            }
        }
        for (OfferTerm term : inForce) {
            if (term instanceof OfferTerm.MonetaryCredit credit) {
                Money eligible = eligible(charges, credit.excludedMeterIds(), usage);
                if (eligible.compareAmount(remaining) > 0) {
                    eligible = remaining;
                }
                Money paid = credit.credit().compareAmount(eligible) < 0 ? credit.credit() : eligible;
                applied.add(new TermApplication.CreditApplied(credit.credit(), eligible, paid.negate()));
                remaining = remaining.minus(paid);
            }
        }
        for (OfferTerm term : inForce) {
            if (term instanceof OfferTerm.RecurringCharge fee) {
                applied.add(new TermApplication.RecurringFee(fee.charge()));
            }
        }
        return applied;
    }

    private static Money eligible(List<MeterCharge> charges, Set<UUID> excluded, Money usage) {
        Money sum = Money.zero(usage.currency());
        for (MeterCharge c : charges) {
            if (!excluded.contains(c.meterId())) {
                sum = sum.plus(c.amount());
            }
        }
        return sum;
    }
}

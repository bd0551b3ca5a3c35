package io.meterwise.core.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.limits.Limits;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.SupportedTime;

/**
 * A term of an offer, as published in the RateCard {@code OfferTerms}. Amounts carry their currency: an offer may hold
 * the same term in several currencies, and a rate card shows those in its own currency.
 */
public sealed interface OfferTerm {

    /** Wire name of the term: {@code Monetary Credit}, {@code Monetary Commitment} or {@code Recurring Charge}. */
    String name();

    Instant effectiveDate();

    java.util.Currency currency();

    /**
     * What to do with each kind of term. Code that treats terms differently by kind goes through {@link #match} instead
     * of {@code instanceof}: a new kind of term adds a method here, and every place that does not handle it yet fails
     * to compile (Java 17 has no exhaustive pattern switch).
     */
    interface Cases<R> {
        R monetaryCredit(MonetaryCredit term);

        R monetaryCommitment(MonetaryCommitment term);

        R recurringCharge(RecurringCharge term);
    }

    /** Applies the case of this term's kind. */
    <R> R match(Cases<R> cases);

    private static void requireSupported(Instant effectiveDate) {
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        String outside = SupportedTime.problem(effectiveDate);
        if (outside != null) {
            throw new IllegalArgumentException("effective date " + outside);
        }
    }

    /** A credit granted every billing period; it pays for usage of all meters but the excluded ones, and lapses. */
    record MonetaryCredit(Instant effectiveDate, Money credit, Set<UUID> excludedMeterIds) implements OfferTerm {
        public MonetaryCredit {
            Objects.requireNonNull(effectiveDate, "effectiveDate");
            Objects.requireNonNull(credit, "credit");
            requireSupported(effectiveDate);
            Limits.require("credit", credit.amount(), Limits.AMOUNT_LIMIT, credit.amount().scale());
            excludedMeterIds = Set.copyOf(excludedMeterIds);
        }

        @Override
        public String name() {
            return "Monetary Credit";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.monetaryCredit(this);
        }

        @Override
        public java.util.Currency currency() {
            return credit.currency();
        }
    }

    /**
     * A discount on usage charges of the billing period: the key is a threshold of eligible charges in the term's
     * currency, the value a percentage, graduated: each slice of the charges between two thresholds gets its
     * threshold's percentage. Excluded meters are never discounted.
     */
    record MonetaryCommitment(Instant effectiveDate, java.util.Currency currency,
            NavigableMap<BigDecimal, BigDecimal> tieredDiscount, Set<UUID> excludedMeterIds) implements OfferTerm {
        public MonetaryCommitment {
            Objects.requireNonNull(effectiveDate, "effectiveDate");
            Objects.requireNonNull(currency, "currency");
            requireSupported(effectiveDate);
            tieredDiscount = Collections.unmodifiableNavigableMap(new TreeMap<>(tieredDiscount));
            if (tieredDiscount.size() > MeterPrice.MAX_TIERS) {
                throw new IllegalArgumentException("at most " + MeterPrice.MAX_TIERS + " discount tiers are allowed");
            }
            for (var e : tieredDiscount.entrySet()) {
                if (e.getKey().signum() < 0 || e.getValue().signum() < 0 || e.getValue().compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new IllegalArgumentException("tiered discount needs thresholds >= 0 and percentages in [0, 100]");
                }
                Limits.require("discount threshold", e.getKey(), Limits.AMOUNT_LIMIT, Limits.MAX_QUANTITY_DECIMALS);
                Limits.require("discount percentage", e.getValue(), BigDecimal.valueOf(101), Limits.MAX_PERCENT_DECIMALS);
            }
            excludedMeterIds = Set.copyOf(excludedMeterIds);
        }

        @Override
        public String name() {
            return "Monetary Commitment";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.monetaryCommitment(this);
        }
    }

    /** A fixed charge every billing period. */
    record RecurringCharge(Instant effectiveDate, Money charge) implements OfferTerm {
        public RecurringCharge {
            Objects.requireNonNull(effectiveDate, "effectiveDate");
            Objects.requireNonNull(charge, "charge");
            requireSupported(effectiveDate);
            Limits.require("recurring charge", charge.amount(), Limits.AMOUNT_LIMIT, charge.amount().scale());
        }

        @Override
        public String name() {
            return "Recurring Charge";
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.recurringCharge(this);
        }

        @Override
        public java.util.Currency currency() {
            return charge.currency();
        }
    }
}

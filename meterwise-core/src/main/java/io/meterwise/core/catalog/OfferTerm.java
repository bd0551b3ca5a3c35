package io.meterwise.core.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.money.Money;

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

    /** A credit granted every billing period; it pays for usage of all meters but the excluded ones, and lapses. */
    record MonetaryCredit(Instant effectiveDate, Money credit, Set<UUID> excludedMeterIds) implements OfferTerm {
        public MonetaryCredit {
            Objects.requireNonNull(effectiveDate, "effectiveDate");
            Objects.requireNonNull(credit, "credit");
            if (credit.amount().signum() < 0) {
                throw new IllegalArgumentException("credit must not be negative");
            }
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
            tieredDiscount = Collections.unmodifiableNavigableMap(new TreeMap<>(tieredDiscount));
            for (var e : tieredDiscount.entrySet()) {
                if (e.getKey().signum() < 0 || e.getValue().signum() < 0 || e.getValue().compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new IllegalArgumentException("tiered discount needs thresholds >= 0 and percentages in [0, 100]");
                }
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
            if (charge.amount().signum() < 0) {
                throw new IllegalArgumentException("recurring charge must not be negative");
            }
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

package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.money.Money;

/** What an offer term did to a billing period's charges. Amounts that lower the bill are negative. */
public sealed interface TermApplication {

    /** Signed effect on the period total. */
    Money amount();

    /**
     * Monetary commitment: the graduated discount on the {@code eligible} usage charges, one {@link Slice} per
     * threshold reached; {@code percent} is the highest percentage reached.
     */
    record CommitmentDiscount(BigDecimal percent, Money eligible, List<Slice> slices, Money amount)
            implements TermApplication {
        public CommitmentDiscount {
            Objects.requireNonNull(percent, "percent");
            Objects.requireNonNull(eligible, "eligible");
            slices = List.copyOf(slices);
            Objects.requireNonNull(amount, "amount");
        }
    }

    /**
     * The part of the eligible charges between a threshold {@code from} and the next one, and its percentage;
     * {@code inSlice x percent / 100} is the slice's share of the discount before the discount is rounded once.
     */
    record Slice(BigDecimal from, BigDecimal inSlice, BigDecimal percent) {
        public Slice {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(inSlice, "inSlice");
            Objects.requireNonNull(percent, "percent");
        }
    }

    /**
     * Monetary credit: of {@code available} credit, {@code -amount} paid for eligible charges; the rest lapses.
     * {@code partial} is the credit's time in force when it is not the whole period ({@code available} is then
     * prorated).
     */
    record CreditApplied(Money available, Money eligible, Money amount, @Nullable TimeInForce partial)
            implements TermApplication {
        public CreditApplied {
            Objects.requireNonNull(available, "available");
            Objects.requireNonNull(eligible, "eligible");
            Objects.requireNonNull(amount, "amount");
        }

        /** A credit in force the whole period. */
        public CreditApplied(Money available, Money eligible, Money amount) {
            this(available, eligible, amount, null);
        }
    }

    /** Recurring charge of the offer for the period; {@code partial} as for {@link CreditApplied}. */
    record RecurringFee(Money amount, @Nullable TimeInForce partial) implements TermApplication {
        public RecurringFee {
            Objects.requireNonNull(amount, "amount");
        }

        /** A charge in force the whole period. */
        public RecurringFee(Money amount) {
            this(amount, null);
        }
    }
}

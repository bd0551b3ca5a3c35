package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.Objects;

import io.meterwise.core.money.Money;

/** What an offer term did to a billing period's charges. Amounts that lower the bill are negative. */
public sealed interface TermApplication {

    /** Signed effect on the period total. */
    Money amount();

    /** Monetary commitment: {@code percent} off the {@code eligible} usage charges. */
    record CommitmentDiscount(BigDecimal percent, Money eligible, Money amount) implements TermApplication {
        public CommitmentDiscount {
            Objects.requireNonNull(percent, "percent");
            Objects.requireNonNull(eligible, "eligible");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** Monetary credit: of {@code available} credit, {@code -amount} paid for eligible charges; the rest lapses. */
    record CreditApplied(Money available, Money eligible, Money amount) implements TermApplication {
        public CreditApplied {
            Objects.requireNonNull(available, "available");
            Objects.requireNonNull(eligible, "eligible");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** Recurring charge of the offer for the period. */
    record RecurringFee(Money amount) implements TermApplication {
        public RecurringFee {
            Objects.requireNonNull(amount, "amount");
        }
    }
}

package io.meterwise.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterwise.core.time.BillingPeriod;

/** The effective-dated plans of a subscription (ADR 0020). */
class SubscriptionHistoryTest {

    static final UUID ID = UUID.fromString("5b2c0000-0000-4000-8000-000000000001");
    static final Currency USD = Currency.getInstance("USD");
    static final Currency EUR = Currency.getInstance("EUR");
    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

    static SubscriptionPlan plan(Instant from, String offer, Currency currency) {
        return new SubscriptionPlan(from, offer, currency, currency.equals(USD) ? "US" : "DE");
    }

    static SubscriptionHistory history(SubscriptionPlan... plans) {
        return new SubscriptionHistory(ID, Instant.parse("2026-03-15T10:00:00Z"), List.of(plans));
    }

    @Test
    void aWholePeriodIsPricedUnderThePlanInForceAtItsStart() {
        SubscriptionHistory h = history(plan(MAY, "MS-AZR-0017P", EUR), plan(MARCH, "MS-AZR-0003P", USD));

        assertThat(h.planFor(BillingPeriod.of(2026, 4)).offerDurableId()).isEqualTo("MS-AZR-0003P");
        assertThat(h.planFor(BillingPeriod.of(2026, 5)).currency()).isEqualTo(EUR);
        assertThat(h.planAt(MAY.minusSeconds(1)).currency()).isEqualTo(USD);
        assertThat(h.planFor(BillingPeriod.of(2027, 1)).offerDurableId()).isEqualTo("MS-AZR-0017P");
    }

    @Test
    void theFirstPlanAlsoCoversUsageFromBeforeTheSubscriptionWasCreated() {
        SubscriptionHistory h = history(plan(MARCH, "MS-AZR-0003P", USD), plan(MAY, "MS-AZR-0017P", USD));

        assertThat(h.planFor(BillingPeriod.of(2025, 11)).offerDurableId()).isEqualTo("MS-AZR-0003P");
    }

    @Test
    void aNewPlanReplacesThoseScheduledFromItsDateOnAndKeepsEarlierOnes() {
        SubscriptionHistory h = history(plan(MARCH, "MS-AZR-0003P", USD), plan(MAY, "MS-AZR-0017P", USD));

        SubscriptionHistory sooner = h.with(plan(APRIL, "MS-AZR-0017P", EUR));
        SubscriptionHistory cancelled = h.with(plan(APRIL, "MS-AZR-0003P", USD));
        SubscriptionHistory same = h.with(plan(MAY, "MS-AZR-0017P", USD));

        assertThat(sooner.plans()).extracting(SubscriptionPlan::effectiveFrom).containsExactly(MARCH, APRIL);
        assertThat(sooner.planFor(BillingPeriod.of(2026, 3)).currency()).isEqualTo(USD);
        assertThat(cancelled.plans()).containsExactly(plan(MARCH, "MS-AZR-0003P", USD));
        assertThat(same).isEqualTo(h);
    }

    @Test
    void twoPlansCannotTakeEffectAtTheSameInstant() {
        assertThatThrownBy(() -> history(plan(MARCH, "MS-AZR-0003P", USD), plan(MARCH, "MS-AZR-0017P", USD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two plans");
    }

    @Test
    void aSubscriptionIsOnAPriceListForThePeriodsOfItsPlansOnly() {
        SubscriptionHistory h = history(plan(MARCH, "MS-AZR-0003P", EUR), plan(APRIL, "MS-AZR-0017P", USD));
        PriceListKey euro = new PriceListKey("MS-AZR-0003P", EUR, "DE");

        assertThat(h.onPriceList(euro, BillingPeriod.of(2026, 3))).isTrue();
        assertThat(h.onPriceList(euro, BillingPeriod.of(2026, 4))).isFalse();
    }
}

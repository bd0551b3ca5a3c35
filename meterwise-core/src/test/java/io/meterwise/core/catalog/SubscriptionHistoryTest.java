package io.meterwise.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    static SubscriptionHistory withStates(Instant createdAt, StateChange... changes) {
        return new SubscriptionHistory(ID, createdAt, List.of(plan(MARCH, "MS-AZR-0003P", USD)), List.of(changes));
    }

    @Test
    void aSubscriptionIsBilledFromItsCreationUntilItIsDisabled() {
        Instant created = Instant.parse("2026-03-16T00:00:00Z");
        Instant disabled = Instant.parse("2026-05-11T00:00:00Z");
        SubscriptionHistory h = withStates(created, new StateChange(created, SubscriptionState.ENABLED),
                new StateChange(disabled, SubscriptionState.DISABLED),
                new StateChange(Instant.parse("2026-06-20T00:00:00Z"), SubscriptionState.DELETED));

        assertThat(h.billedSpan(BillingPeriod.of(2026, 2))).contains(new SubscriptionHistory.Span(
                Instant.parse("2026-02-01T00:00:00Z"), MARCH)); // usage backfilled from before creation: whole
        assertThat(h.billedSpan(BillingPeriod.of(2026, 3))).contains(new SubscriptionHistory.Span(created, APRIL));
        assertThat(h.billedSpan(BillingPeriod.of(2026, 4))).contains(new SubscriptionHistory.Span(APRIL, MAY));
        assertThat(h.billedSpan(BillingPeriod.of(2026, 5))).contains(new SubscriptionHistory.Span(MAY, disabled));
        assertThat(h.billedSpan(BillingPeriod.of(2026, 6))).isEmpty();
        assertThat(h.endedAt()).contains(disabled);
    }

    @Test
    void aSubscriptionCreatedBeforeStatesWereRecordedIsBilledWholePeriodsUntilAChangeIsRecorded() {
        Instant created = Instant.parse("2026-03-16T00:00:00Z");
        SubscriptionHistory legacy = withStates(created);
        SubscriptionHistory deleted = withStates(created,
                new StateChange(Instant.parse("2026-04-16T00:00:00Z"), SubscriptionState.DELETED));

        assertThat(legacy.billedSpan(BillingPeriod.of(2026, 3))).contains(new SubscriptionHistory.Span(MARCH, APRIL));
        assertThat(legacy.endedAt()).isEmpty();
        assertThat(deleted.billedSpan(BillingPeriod.of(2026, 4))).contains(new SubscriptionHistory.Span(APRIL,
                Instant.parse("2026-04-16T00:00:00Z")));
    }

    /**
     * The billed span of every period lies in the period, starts and ends at instants the subscription is billed at,
     * and holds every instant of the period at which it exists in a billed state: an independent walk over the states.
     */
    @Property(tries = 300)
    void theBilledSpanHoldsEveryBilledInstantAndNothingBeyondTheFirstAndLast(@ForAll("histories") SubscriptionHistory h,
            @ForAll("days") int day) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(day * 86_400L + 43_200);
        BillingPeriod period = BillingPeriod.containing(t);
        var span = h.billedSpan(period);
        boolean billedAt = !t.isBefore(h.createdAt()) && h.stateAt(t).billed()
                || t.isBefore(BillingPeriod.containing(h.createdAt()).start()) && h.stateAt(h.createdAt()).billed();

        if (billedAt) {
            assertThat(span).isPresent();
            assertThat(t).isBetween(span.get().from(), span.get().until());
        }
        span.ifPresent(s -> {
            assertThat(s.from()).isAfterOrEqualTo(period.start());
            assertThat(s.until()).isBeforeOrEqualTo(period.end());
        });
    }

    @Provide
    Arbitrary<Integer> days() {
        return Arbitraries.integers().between(0, 364);
    }

    @Provide
    Arbitrary<SubscriptionHistory> histories() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Arbitrary<StateChange> change = net.jqwik.api.Combinators.combine(
                Arbitraries.longs().between(0, 364L * 86_400), Arbitraries.of(SubscriptionState.class))
                .as((seconds, state) -> new StateChange(start.plusSeconds(seconds), state));
        return net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 364L * 86_400),
                Arbitraries.of(SubscriptionState.class), change.list().ofMaxSize(6))
                .as((created, initial, changes) -> {
                    Instant createdAt = start.plusSeconds(created);
                    List<StateChange> all = new java.util.ArrayList<>();
                    all.add(new StateChange(createdAt, initial));
                    changes.stream().filter(c -> c.at().isAfter(createdAt))
                            .filter(c -> all.stream().noneMatch(o -> o.at().equals(c.at()))).forEach(all::add);
                    return withStates(createdAt, all.toArray(StateChange[]::new));
                });
    }
}

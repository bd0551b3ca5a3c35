package io.meterwise.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterwise.core.error.ErrorCode;
import io.meterwise.core.error.UseCaseException;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.testing.MovableClock;

class BudgetsTest {

    static final UUID SUB = UUID.fromString("5b0e1f7a-0000-4000-8000-00000000b001");
    static final BudgetScope SCOPE = BudgetScope.subscription(SUB);

    static Budget budget(BudgetGrain grain, String start, String end, Map<String, Notification> notifications) {
        return new Budget(SCOPE, Measure.COST, "b", new UUID(0, 0), new BigDecimal("100"), grain,
                LocalDate.parse(start), LocalDate.parse(end), null, null, notifications, "");
    }

    static Notification at(int threshold, Notification.ThresholdType type) {
        return new Notification(true, Notification.Operator.GREATER_THAN, BigDecimal.valueOf(threshold), type,
                List.of("a@contoso.com"), List.of(), List.of(), "en-us");
    }

    @Test
    void periodsFollowTheGrainFromTheStartAndStopAtTheEnd() {
        Budget quarterly = budget(BudgetGrain.QUARTERLY, "2026-02-01", "2026-09-15", Map.of());
        assertThat(quarterly.periodOn(LocalDate.parse("2026-01-31"))).isEmpty();
        assertThat(quarterly.periodOn(LocalDate.parse("2026-02-01"))).contains(period("2026-02-01", "2026-04-30"));
        assertThat(quarterly.periodOn(LocalDate.parse("2026-05-31"))).contains(period("2026-05-01", "2026-07-31"));
        assertThat(quarterly.periodOn(LocalDate.parse("2026-08-10"))).contains(period("2026-08-01", "2026-09-15"));
        assertThat(quarterly.periodOn(LocalDate.parse("2026-09-16"))).isEmpty();
        assertThat(quarterly.reportingPeriod(LocalDate.parse("2025-12-01"))).isEqualTo(period("2026-02-01",
                "2026-04-30"));
        assertThat(quarterly.reportingPeriod(LocalDate.parse("2027-01-01"))).isEqualTo(period("2026-08-01",
                "2026-09-15"));
        Budget monthly = budget(BudgetGrain.BILLING_MONTH, "2026-01-01", "2030-12-31", Map.of());
        assertThat(monthly.periodOn(LocalDate.parse("2028-02-29"))).contains(period("2028-02-01", "2028-02-29"));
        Budget annual = budget(BudgetGrain.ANNUALLY, "2026-04-01", "2030-12-31", Map.of());
        assertThat(annual.periodOn(LocalDate.parse("2027-03-31"))).contains(period("2026-04-01", "2027-03-31"));
        assertThat(annual.periodOn(LocalDate.parse("2027-04-01"))).contains(period("2027-04-01", "2028-03-31"));
    }

    static BudgetPeriod period(String start, String end) {
        return new BudgetPeriod(LocalDate.parse(start), LocalDate.parse(end));
    }

    @Test
    void operatorsCompareWithTheThresholdShareOfTheAmount() {
        Notification ninety = at(90, Notification.ThresholdType.ACTUAL);
        assertThat(ninety.target(new BigDecimal("250"))).isEqualByComparingTo("225");
        assertThat(Notification.Operator.GREATER_THAN.holds(new BigDecimal("225"), new BigDecimal("225"))).isFalse();
        assertThat(Notification.Operator.GREATER_THAN_OR_EQUAL_TO.holds(new BigDecimal("225"), new BigDecimal("225")))
                .isTrue();
        assertThat(Notification.Operator.EQUAL_TO.holds(new BigDecimal("225.01"), new BigDecimal("225"))).isTrue();
    }

    @Test
    void eTagsGuardReplacementAndTheRuleIdSurvivesIt() {
        InMemoryBudgetStores store = new InMemoryBudgetStores();
        Budgets budgets = new Budgets(store, (b, p, d, f) -> new Spend(p, BigDecimal.ZERO, null, "USD"),
                new InMemoryCatalogStore(), (s, t) -> true, new MovableClock(Instant.parse("2026-03-10T00:00:00Z")));
        Budget draft = budget(BudgetGrain.MONTHLY, "2026-01-01", "2026-12-31",
                Map.of("n", at(80, Notification.ThresholdType.ACTUAL)));
        Budgets.Written first = budgets.put(draft, "\"never-seen\"");
        assertThat(first.created()).isTrue();
        Budgets.Written second = budgets.put(draft, first.budget().eTag());
        assertThat(second.created()).isFalse();
        assertThat(second.budget().ruleId()).isEqualTo(first.budget().ruleId());
        assertThat(second.budget().eTag()).isNotEqualTo(first.budget().eTag());
        assertThatThrownBy(() -> budgets.put(draft, first.budget().eTag())).isInstanceOf(UseCaseException.class)
                .extracting(e -> ((UseCaseException) e).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        // W/"x" and x name the same eTag
        String bare = second.budget().eTag().replace("\"", "");
        assertThat(budgets.put(draft, "W/\"" + bare + "\"").created()).isFalse();
        // deleted and created again: a new rule, whose thresholds fire afresh
        budgets.delete(SCOPE, Measure.COST, "B");
        assertThat(budgets.put(draft, null).budget().ruleId()).isNotEqualTo(first.budget().ruleId());
    }

    @Test
    void aFiredAlertsIdIsTheThresholdInThePeriodAndItsNoticeCarriesTheFigures() {
        Budget rule = budget(BudgetGrain.MONTHLY, "2026-01-01", "2026-12-31",
                Map.of("n", at(80, Notification.ThresholdType.FORECASTED))).withRuleId(UUID.randomUUID());
        Notification n = rule.notifications().get("n");
        BudgetPeriod march = period("2026-03-01", "2026-03-31");
        UUID id = FiredAlert.idOf(rule, "n", n, march);
        assertThat(FiredAlert.idOf(rule, "n", n, march)).isEqualTo(id);
        assertThat(FiredAlert.idOf(rule, "n", n, period("2026-04-01", "2026-04-30"))).isNotEqualTo(id);
        assertThat(FiredAlert.idOf(rule.withRuleId(UUID.randomUUID()), "n", n, march)).isNotEqualTo(id);
        assertThat(FiredAlert.idOf(rule, "n", at(81, Notification.ThresholdType.FORECASTED), march))
                .isNotEqualTo(id);
        AlertNotice notice = new FiredAlert(id, rule, "n", n, march, new BigDecimal("123.45"), "USD",
                Instant.parse("2026-03-10T00:00:00Z"), AlertStatus.ACTIVE, null, null, null).notice();
        assertThat(notice.id()).isEqualTo(id.toString());
        assertThat(notice.kind()).isEqualTo(AlertNotice.Kind.COST);
        assertThat(notice.thresholdType()).isEqualTo("Forecasted");
        assertThat(notice.observed()).isEqualByComparingTo("123.45");
        assertThat(notice.periodEnd()).isEqualTo(LocalDate.parse("2026-03-31"));
    }

    @Test
    void evaluationFiresOncePerPeriodAndAgainInTheNextOne() {
        InMemoryBudgetStores store = new InMemoryBudgetStores();
        MovableClock clock = new MovableClock(Instant.parse("2026-03-10T00:00:00Z"));
        BigDecimal[] spend = {new BigDecimal("85")};
        List<AlertNotice> outbox = new java.util.ArrayList<>();
        AlertEvaluation evaluation = new AlertEvaluation(store, store,
                (b, p, d, f) -> new Spend(p, spend[0], f ? new BigDecimal("130") : null, "USD"), outbox::add, clock);
        store.insert(budget(BudgetGrain.MONTHLY, "2026-01-01", "2026-12-31", Map.of(
                "actual80", at(80, Notification.ThresholdType.ACTUAL),
                "actual90", at(90, Notification.ThresholdType.ACTUAL),
                "forecast120", at(120, Notification.ThresholdType.FORECASTED))).withRuleId(UUID.randomUUID()));
        assertThat(evaluation.evaluate(SUB).fired()).extracting(FiredAlert::notificationName)
                .containsExactlyInAnyOrder("actual80", "forecast120");
        assertThat(evaluation.evaluate(SUB).fired()).isEmpty();
        spend[0] = new BigDecimal("70"); // a credit lowered the spend: nothing re-arms within the period
        assertThat(evaluation.evaluate(SUB).fired()).isEmpty();
        spend[0] = new BigDecimal("95");
        assertThat(evaluation.evaluate(SUB).fired()).extracting(FiredAlert::notificationName)
                .containsExactly("actual90");
        clock.set(Instant.parse("2026-04-01T06:00:00Z"));
        assertThat(evaluation.evaluate(SUB).fired()).extracting(FiredAlert::notificationName)
                .containsExactlyInAnyOrder("actual80", "actual90", "forecast120");
        assertThat(outbox).hasSize(6);
        assertThat(store.notEnqueued()).isEmpty();
        clock.set(Instant.parse("2027-01-01T00:00:00Z")); // after the end date: not evaluated
        assertThat(evaluation.evaluate(SUB).fired()).isEmpty();
    }

    @Test
    void withoutAnOutboxAlertsWaitAndAreEnqueuedOnceOneExists() {
        InMemoryBudgetStores store = new InMemoryBudgetStores();
        MovableClock clock = new MovableClock(Instant.parse("2026-03-10T00:00:00Z"));
        SpendMeter meter = (b, p, d, f) -> new Spend(p, new BigDecimal("99"), null, "USD");
        store.insert(budget(BudgetGrain.MONTHLY, "2026-01-01", "2026-12-31",
                Map.of("n", at(50, Notification.ThresholdType.ACTUAL))).withRuleId(UUID.randomUUID()));
        assertThat(new AlertEvaluation(store, store, meter, null, clock).evaluate(SUB).fired()).hasSize(1);
        assertThat(store.notEnqueued()).hasSize(1);
        List<AlertNotice> outbox = new java.util.ArrayList<>();
        AlertEvaluation restarted = new AlertEvaluation(store, store, meter, outbox::add, clock);
        assertThat(restarted.enqueuePending()).isEqualTo(1);
        assertThat(restarted.evaluate(SUB).fired()).isEmpty();
        assertThat(restarted.enqueuePending()).isZero();
        assertThat(outbox).hasSize(1);
    }
}

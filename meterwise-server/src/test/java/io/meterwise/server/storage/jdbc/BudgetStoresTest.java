package io.meterwise.server.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.budget.AlertEvaluation;
import io.meterwise.core.budget.AlertStatus;
import io.meterwise.core.budget.Budget;
import io.meterwise.core.budget.BudgetFilter;
import io.meterwise.core.budget.BudgetGrain;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.FiredAlert;
import io.meterwise.core.budget.Measure;
import io.meterwise.core.budget.Notification;
import io.meterwise.core.budget.Spend;
import io.meterwise.core.budget.SpendMeter;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.postgres.PostgresDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The budget and alert stores keep their contracts on both stores (portable SQL, ADR 0019): names match
 * case-insensitively, a replace with a stale eTag changes nothing, an alert id is stored once; and across a restart (a
 * DuckDB file closed and opened again; a new connection pool on PostgreSQL) no threshold fires again and an alert whose
 * notice was never handed over is handed over once.
 */
class BudgetStoresTest {

    static final UUID SUB = UUID.fromString("b0d9e700-0000-4000-8000-000000000001");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-03-10T12:00:00Z"));
    static final SpendMeter SPEND = (b, p, d, f) -> new Spend(p, new BigDecimal("95.50"), null, "USD");

    static Budget budget(String eTag) {
        Notification n = new Notification(true, Notification.Operator.GREATER_THAN, new BigDecimal("90"),
                Notification.ThresholdType.ACTUAL, List.of("finance@contoso.com"), List.of("Owner"),
                List.of("finance-hook"), "en-us");
        return new Budget(new BudgetScope(SUB, "Web"), Measure.COST, "March", UUID.randomUUID(),
                new BigDecimal("100.65"), BudgetGrain.MONTHLY, LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-12-31"), new BudgetFilter.And(List.of(
                        new BudgetFilter.DimensionIn("ResourceId", List.of("/subscriptions/x/vm1")),
                        new BudgetFilter.TagIn("env", List.of("prod", "dev")))), null, Map.of("n90", n), eTag);
    }

    @Test
    void duckDbKeepsAlertsAcrossARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("meterwise.duckdb");
        try (DuckDbDataSource first = DuckDbDataSource.open(file)) {
            SchemaMigrator.migrate(first);
            beforeRestart(new JdbcTemplate(first));
        }
        try (DuckDbDataSource second = DuckDbDataSource.open(file)) {
            afterRestart(new JdbcTemplate(second));
        }
    }

    @Test
    void postgresKeepsAlertsAcrossARestart() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            SchemaMigrator.migrate(dataSource, new PostgresDialect());
            beforeRestart(new JdbcTemplate(dataSource));
            afterRestart(new JdbcTemplate(postgres.getPostgresDatabase()));
        }
    }

    private void beforeRestart(JdbcTemplate jdbc) {
        JdbcBudgetStore budgets = new JdbcBudgetStore(jdbc, CLOCK);
        JdbcAlertStore alerts = new JdbcAlertStore(jdbc);
        Budget stored = budget("\"a1\"");
        assertThat(budgets.insert(stored)).isTrue();
        assertThat(budgets.insert(budget("\"a2\""))).isFalse();
        assertThat(budgets.find(new BudgetScope(SUB, "WEB"), Measure.COST, "march")).contains(stored);
        assertThat(budgets.find(BudgetScope.subscription(SUB), Measure.COST, "march")).isEmpty();
        assertThat(budgets.find(new BudgetScope(SUB, "web"), Measure.USAGE, "march")).isEmpty();
        assertThat(budgets.replace(stored.withETag("\"b\""), "\"stale\"")).isFalse();
        assertThat(budgets.replace(stored.withETag("\"b\""), "\"a1\"")).isTrue();
        assertThat(budgets.list(new BudgetScope(SUB, "web"), Measure.COST)).extracting(Budget::eTag)
                .containsExactly("\"b\"");
        assertThat(budgets.subscriptionsWithRules()).containsExactly(SUB);

        // fires with no outbox: stored, not handed over
        AlertEvaluation evaluation = new AlertEvaluation(budgets, alerts, SPEND, null, CLOCK);
        List<FiredAlert> fired = evaluation.evaluate(SUB).fired();
        assertThat(fired).hasSize(1);
        assertThat(alerts.insertIfAbsent(fired.get(0))).isFalse();
        assertThat(alerts.find(fired.get(0).id())).contains(fired.get(0));
        assertThat(alerts.list(BudgetScope.subscription(SUB))).hasSize(1);
        assertThat(alerts.list(new BudgetScope(SUB, "WEB"))).hasSize(1);
        assertThat(alerts.list(new BudgetScope(SUB, "other"))).isEmpty();
        assertThat(alerts.notEnqueued()).hasSize(1);
    }

    private void afterRestart(JdbcTemplate jdbc) {
        JdbcBudgetStore budgets = new JdbcBudgetStore(jdbc, CLOCK);
        JdbcAlertStore alerts = new JdbcAlertStore(jdbc);
        List<AlertNotice> outbox = new ArrayList<>();
        AlertEvaluation evaluation = new AlertEvaluation(budgets, alerts, SPEND, outbox::add, CLOCK);
        assertThat(evaluation.enqueuePending()).isEqualTo(1);
        assertThat(evaluation.evaluate(SUB).fired()).isEmpty();
        assertThat(evaluation.enqueuePending()).isZero();
        assertThat(outbox).hasSize(1);
        AlertNotice notice = outbox.get(0);
        assertThat(notice.observed()).isEqualByComparingTo("95.50");
        assertThat(notice.limit()).isEqualByComparingTo("100.65");
        assertThat(notice.contactGroups()).containsExactly("finance-hook");
        assertThat(notice.scope()).isEqualTo("/subscriptions/" + SUB + "/resourceGroups/Web");
        UUID id = UUID.fromString(notice.id());
        assertThat(alerts.setStatus(id, AlertStatus.DISMISSED, CLOCK.instant(), "someone")).isTrue();
        FiredAlert dismissed = alerts.find(id).orElseThrow();
        assertThat(dismissed.status()).isEqualTo(AlertStatus.DISMISSED);
        assertThat(dismissed.statusModifiedBy()).isEqualTo("someone");
        assertThat(dismissed.enqueuedAt()).isEqualTo(CLOCK.instant());
        assertThat(dismissed.rule().filter()).isEqualTo(budget("").filter());
        assertThat(budgets.delete(new BudgetScope(SUB, "web"), Measure.COST, "MARCH")).isTrue();
        assertThat(budgets.ofSubscription(SUB)).isEmpty();
    }
}

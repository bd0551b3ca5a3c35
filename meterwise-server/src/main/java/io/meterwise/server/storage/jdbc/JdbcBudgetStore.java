package io.meterwise.server.storage.jdbc;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import io.meterwise.core.budget.Budget;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.BudgetStore;
import io.meterwise.core.budget.Measure;
import io.meterwise.server.budget.BudgetJson;
import io.meterwise.server.storage.UtcTimestamps;

/** Budgets and usage alert rules in table {@code budget_rule}; portable SQL (DuckDB and PostgreSQL). */
@Repository
public class JdbcBudgetStore implements BudgetStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcBudgetStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Budget> find(BudgetScope scope, Measure measure, String name) {
        return jdbc.query("SELECT rule_json FROM budget_rule WHERE subscription_id = ? AND resource_group = ? "
                + "AND measure = ? AND name_key = ?", (rs, i) -> BudgetJson.fromStored(rs.getString(1)),
                scope.subscriptionId(), scope.resourceGroupKey(), measure.wireName(), key(name)).stream().findFirst();
    }

    @Override
    public List<Budget> list(BudgetScope scope, Measure measure) {
        return jdbc.query("SELECT rule_json FROM budget_rule WHERE subscription_id = ? AND resource_group = ? "
                + "AND measure = ? ORDER BY name_key", (rs, i) -> BudgetJson.fromStored(rs.getString(1)),
                scope.subscriptionId(), scope.resourceGroupKey(), measure.wireName());
    }

    @Override
    public List<Budget> ofSubscription(UUID subscriptionId) {
        return jdbc.query("SELECT rule_json FROM budget_rule WHERE subscription_id = ? "
                + "ORDER BY resource_group, measure, name_key", (rs, i) -> BudgetJson.fromStored(rs.getString(1)),
                subscriptionId);
    }

    @Override
    public List<UUID> subscriptionsWithRules() {
        return jdbc.query("SELECT DISTINCT subscription_id FROM budget_rule ORDER BY subscription_id",
                (rs, i) -> rs.getObject(1, UUID.class));
    }

    @Override
    public boolean insert(Budget b) {
        try {
            return jdbc.update("INSERT INTO budget_rule (subscription_id, resource_group, measure, name_key, etag, "
                    + "rule_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    b.scope().subscriptionId(), b.scope().resourceGroupKey(), b.measure().wireName(), key(b.name()),
                    b.eTag(), BudgetJson.stored(b), UtcTimestamps.toColumn(clock.instant())) == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public boolean replace(Budget b, String expectedETag) {
        return jdbc.update("UPDATE budget_rule SET etag = ?, rule_json = ?, updated_at = ? WHERE subscription_id = ? "
                + "AND resource_group = ? AND measure = ? AND name_key = ? AND etag = ?", b.eTag(),
                BudgetJson.stored(b), UtcTimestamps.toColumn(clock.instant()), b.scope().subscriptionId(),
                b.scope().resourceGroupKey(), b.measure().wireName(), key(b.name()), expectedETag) == 1;
    }

    @Override
    public boolean delete(BudgetScope scope, Measure measure, String name) {
        return jdbc.update("DELETE FROM budget_rule WHERE subscription_id = ? AND resource_group = ? AND measure = ? "
                + "AND name_key = ?", scope.subscriptionId(), scope.resourceGroupKey(), measure.wireName(),
                key(name)) > 0;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

package io.meterwise.server.storage.jdbc;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Repository;

import io.meterwise.core.chargeback.ChargebackRuleStore;
import io.meterwise.core.chargeback.RuleVersion;
import io.meterwise.core.chargeback.TagKeys;
import io.meterwise.server.chargeback.ChargebackJson;

/** Chargeback rule versions per subscription, and the tag keys of a subscription's usage records. */
@Repository
public class JdbcChargebackRules implements ChargebackRuleStore, TagKeys {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcChargebackRules(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<RuleVersion> versions(UUID subscriptionId) {
        return jdbc.query("SELECT name, rules_json FROM chargeback_rule_version WHERE subscription_id = ? "
                + "ORDER BY effective_from, name", (rs, i) -> ChargebackJson.rules(subscriptionId, rs.getString(1),
                        ChargebackJson.JSON.readTree(rs.getString(2))), subscriptionId);
    }

    @Override
    public void put(RuleVersion version) {
        YearMonth to = version.effectiveTo();
        jdbc.update("INSERT INTO chargeback_rule_version (subscription_id, name, effective_from, effective_to, "
                + "rules_json, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, name) DO UPDATE SET "
                + "effective_from = excluded.effective_from, effective_to = excluded.effective_to, "
                + "rules_json = excluded.rules_json, updated_at = excluded.updated_at", version.subscriptionId(), version.name(),
                version.effectiveFrom().toString(), to == null ? null : to.toString(),
                ChargebackJson.JSON.writeValueAsString(ChargebackJson.rules(version)),
                Timestamp.valueOf(clock.instant().atOffset(ZoneOffset.UTC).toLocalDateTime()));
    }

    @Override
    public boolean delete(UUID subscriptionId, String name) {
        return jdbc.update("DELETE FROM chargeback_rule_version WHERE subscription_id = ? AND name = ?",
                subscriptionId, name) > 0;
    }

    /** tags_json is written with sorted keys as {"key":"value",...}: a key is a quoted string followed by a colon. */
    @Override
    public boolean anyRecordHas(UUID subscriptionId, String tagKey) {
        String quoted = ChargebackJson.JSON.writeValueAsString(tagKey.toLowerCase(Locale.ROOT));
        String pattern = "%" + quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%";
        Boolean found = jdbc.query("SELECT 1 FROM usage_record u WHERE u.subscription_id = ? "
                + "AND lower(u.tags_json) LIKE ? ESCAPE '\\' LIMIT 1", 
                (ResultSetExtractor<Boolean>) rs -> rs.next(), subscriptionId, pattern);
        return Boolean.TRUE.equals(found);
    }
}

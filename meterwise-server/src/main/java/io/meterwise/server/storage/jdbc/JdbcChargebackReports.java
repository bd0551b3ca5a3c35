package io.meterwise.server.storage.jdbc;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import io.meterwise.core.chargeback.ChargebackReport;
import io.meterwise.core.chargeback.ChargebackReportStore;
import io.meterwise.core.chargeback.RuleVersion;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.chargeback.ChargebackJson;
import tools.jackson.databind.JsonNode;

/** Stored chargeback reports of invoiced periods: inserted once, never updated or deleted. */
@Repository
public class JdbcChargebackReports implements ChargebackReportStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcChargebackReports(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Stored> find(UUID subscriptionId, BillingPeriod period) {
        List<Stored> found = jdbc.query("SELECT report_json, rules_json FROM chargeback_report "
                + "WHERE subscription_id = ? AND period_month = ?", (rs, i) -> {
                    ChargebackReport report = ChargebackJson.report(ChargebackJson.JSON.readTree(rs.getString(1)));
                    JsonNode rules = ChargebackJson.JSON.readTree(rs.getString(2));
                    return new Stored(report, ChargebackJson.rules(report.subscriptionId(), rules.get("name").asString(),
                            rules.get("properties")));
                }, subscriptionId, period.month().toString());
        return found.stream().findFirst();
    }

    @Override
    public synchronized Stored insertIfAbsent(ChargebackReport report, RuleVersion rules) {
        Optional<Stored> existing = find(report.subscriptionId(), report.period());
        if (existing.isPresent()) {
            return existing.get();
        }
        var ruleNode = ChargebackJson.JSON.createObjectNode();
        ruleNode.put("name", rules.name());
        ruleNode.set("properties", ChargebackJson.rules(rules));
        jdbc.update("INSERT INTO chargeback_report (subscription_id, period_month, report_json, rules_json, stored_at) "
                + "VALUES (?, ?, ?, ?, ?)", report.subscriptionId(), report.period().month().toString(),
                ChargebackJson.JSON.writeValueAsString(ChargebackJson.report(report)),
                ChargebackJson.JSON.writeValueAsString(ruleNode),
                Timestamp.valueOf(clock.instant().atOffset(ZoneOffset.UTC).toLocalDateTime()));
        return new Stored(report, rules);
    }
}

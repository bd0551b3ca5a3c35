package io.meterwise.server.storage.jdbc;

import org.springframework.stereotype.Component;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.UtcTimestamps;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link PeriodUsage} over the {@code usage_record} table. */
@Component
public class JdbcPeriodUsage implements PeriodUsage {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };
    private final String records;
    private final String quantities;
    private final String lean;

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public JdbcPeriodUsage(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.records = "SELECT record_id, meter_id, quantity, " + dialect.epochMicros("usage_start") + ", "
            + dialect.epochMicros("usage_end") + ", resource_uri, location, tags_json, additional_info_json, "
            + dialect.epochMicros("reported_at") + " FROM usage_record WHERE subscription_id = ? AND usage_start >= ? AND usage_start < ? "
            + "AND ingest_seq <= ? ORDER BY meter_id, usage_start, ingest_seq, record_id";
        this.lean = "SELECT meter_id, quantity, " + dialect.epochMicros("usage_start") + ", "
            + dialect.epochMicros("usage_end") + ", resource_uri, location, tags_json FROM usage_record "
            + "WHERE subscription_id = ? AND usage_start >= ? AND usage_start < ? AND ingest_seq <= ? "
            + "ORDER BY meter_id, usage_start, ingest_seq, record_id";
        this.quantities = "SELECT meter_id, " + dialect.epochMicros("usage_start") + ", sum(quantity) FROM usage_record "
                + "WHERE subscription_id = ? AND usage_start >= ? AND usage_start < ? AND ingest_seq <= ? "
                + "GROUP BY 1, 2 ORDER BY 1, 2";
    }

    @Override
    public long position() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(ingest_seq), 0) FROM usage_record")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageException("cannot read the ledger position", e);
        }
    }

    @Override
    public void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink) {
        Map<String, Map<String, String>> parsed = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(records)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, UtcTimestamps.toColumn(period.start()));
            p.setObject(3, UtcTimestamps.toColumn(period.end()));
            p.setLong(4, upTo);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    BigDecimal quantity = rs.getBigDecimal(3);
                    sink.accept(new UsageRecord(rs.getString(1), subscriptionId, rs.getObject(2, UUID.class),
                            quantity, micros(rs.getLong(4)), micros(rs.getLong(5)), rs.getString(6), rs.getString(7),
                            parsed.computeIfAbsent(rs.getString(8), JdbcPeriodUsage::map),
                            parsed.computeIfAbsent(rs.getString(9), JdbcPeriodUsage::map), micros(rs.getLong(10))));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    @Override
    public void recordsWithoutDetails(UUID subscriptionId, BillingPeriod period, long upTo,
            Consumer<UsageRecord> sink) {
        Map<String, Map<String, String>> parsed = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(lean)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, UtcTimestamps.toColumn(period.start()));
            p.setObject(3, UtcTimestamps.toColumn(period.end()));
            p.setLong(4, upTo);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant end = micros(rs.getLong(4));
                    sink.accept(new UsageRecord("", subscriptionId, rs.getObject(1, UUID.class), rs.getBigDecimal(2),
                            micros(rs.getLong(3)), end, rs.getString(5), rs.getString(6),
                            parsed.computeIfAbsent(rs.getString(7), JdbcPeriodUsage::map), Map.of(), end));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    @Override
    public void quantities(UUID subscriptionId, BillingPeriod period, long upTo, QuantitySink sink) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(quantities)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, UtcTimestamps.toColumn(period.start()));
            p.setObject(3, UtcTimestamps.toColumn(period.end()));
            p.setLong(4, upTo);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getObject(1, UUID.class), micros(rs.getLong(2)), rs.getBigDecimal(3));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    @Override
    public void keyedQuantities(UUID subscriptionId, BillingPeriod period, long upTo, List<RecordKey> keys,
            KeyedQuantitySink sink) {
        StringBuilder select = new StringBuilder("SELECT meter_id, " + dialect.epochMicros("usage_start"));
        StringBuilder groupBy = new StringBuilder("1, 2");
        for (int i = 0; i < keys.size(); i++) {
            String expression = expression(keys.get(i));
            if (expression == null) {
                PeriodUsage.super.keyedQuantities(subscriptionId, period, upTo, keys, sink);
                return;
            }
            select.append(", ").append(expression);
            groupBy.append(", ").append(i + 3);
        }
        String sql = select + ", sum(quantity) FROM usage_record WHERE subscription_id = ? AND usage_start >= ? "
                + "AND usage_start < ? AND ingest_seq <= ? GROUP BY " + groupBy;
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, UtcTimestamps.toColumn(period.start()));
            p.setObject(3, UtcTimestamps.toColumn(period.end()));
            p.setLong(4, upTo);
            try (ResultSet rs = p.executeQuery()) {
                int n = keys.size();
                while (rs.next()) {
                    List<String> values = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        values.add(rs.getString(3 + i));
                    }
                    sink.accept(rs.getObject(1, UUID.class), micros(rs.getLong(2)), values, rs.getBigDecimal(3 + n));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    /** The SQL of a record key, equal to {@link RecordKey#valueOf}; null when the store cannot express it. */
    private @Nullable String expression(RecordKey key) {
        if (key instanceof RecordKey.Tag tag) {
            return dialect.tagValue("tags_json", tag.key());
        }
        if (key instanceof RecordKey.ResourceGroup) {
            return dialect.resourceGroup("resource_uri");
        }
        return key instanceof RecordKey.Location ? "location" : "resource_uri";
    }

    private static Instant micros(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }

    private static Map<String, String> map(String json) {
        return Map.copyOf(JSON.readValue(json, MAP));
    }
}

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
import java.util.Set;
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
    private static final java.time.format.DateTimeFormatter BUCKET =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final String recordColumns;
    private final String records;
    private final String quantities;
    private final String lean;
    private final String leanValues;

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public JdbcPeriodUsage(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.recordColumns = "SELECT record_id, meter_id, quantity, " + dialect.epochMicros("usage_start") + ", "
            + dialect.epochMicros("usage_end") + ", resource_uri, location, tags_json, additional_info_json, "
            + dialect.epochMicros("reported_at");
        this.records = recordColumns + " FROM usage_record WHERE subscription_id = ? AND usage_start >= ? "
            + "AND usage_start < ? AND ingest_seq <= ? ORDER BY meter_id, usage_start, ingest_seq, record_id";
        String period = "subscription_id = ? AND usage_start >= ? AND usage_start < ? AND ingest_seq <= ?";
        String values = "WITH v AS (SELECT resource_uri, location, tags_json, row_number() OVER (ORDER BY "
            + "resource_uri, location, tags_json) AS id FROM (SELECT DISTINCT resource_uri, location, tags_json "
            + "FROM usage_record WHERE " + period + ") d) ";
        this.leanValues = values + "SELECT id, resource_uri, location, tags_json FROM v ORDER BY id";
        this.lean = values + "SELECT u.meter_id, u.quantity, " + dialect.epochMicros("u.usage_start") + ", "
            + dialect.epochMicros("u.usage_end") + ", v.id FROM usage_record u JOIN v ON u.resource_uri = "
            + "v.resource_uri AND u.location = v.location AND u.tags_json = v.tags_json WHERE u." + period.replace(
                " AND ", " AND u.") + " ORDER BY u.meter_id, u.usage_start, u.ingest_seq, u.record_id";
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
        readPeriod(records, subscriptionId, period, upTo, rs -> sink.accept(record(rs, subscriptionId, parsed)));
    }

    /** Keyset paging (ADR 0049): the page starts after the last position in the ORDER BY of {@link #records}. */
    @Override
    public void recordsAfter(UUID subscriptionId, BillingPeriod period, long upTo, Instant from, Instant to,
            @Nullable Position after, int limit, PositionedSink sink) {
        String sql = recordColumns + ", ingest_seq FROM usage_record WHERE subscription_id = ? AND usage_start >= ? "
                + "AND usage_start < ? AND ingest_seq <= ?"
                + (after == null ? "" : " AND (meter_id > ? OR (meter_id = ? AND (usage_start > ? OR (usage_start = ? "
                        + "AND (ingest_seq > ? OR (ingest_seq = ? AND record_id > ?))))))")
                + " ORDER BY meter_id, usage_start, ingest_seq, record_id LIMIT " + limit;
        Instant start = from.isAfter(period.start()) ? from : period.start();
        Instant end = to.isBefore(period.end()) ? to : period.end();
        Map<String, Map<String, String>> parsed = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, UtcTimestamps.toColumn(start));
            p.setObject(3, UtcTimestamps.toColumn(end));
            p.setLong(4, upTo);
            if (after != null) {
                p.setObject(5, after.meterId());
                p.setObject(6, after.meterId());
                p.setObject(7, UtcTimestamps.toColumn(after.usageStart()));
                p.setObject(8, UtcTimestamps.toColumn(after.usageStart()));
                p.setLong(9, after.ingestSeq());
                p.setLong(10, after.ingestSeq());
                p.setString(11, after.recordId());
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    UsageRecord r = record(rs, subscriptionId, parsed);
                    sink.accept(r, new Position(r.meterId(), r.usageStart(), rs.getLong(11), r.recordId()));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    @Override
    public BigDecimal quantityThrough(UUID subscriptionId, BillingPeriod period, long upTo, Position position) {
        String sql = "SELECT coalesce(sum(quantity), 0) FROM usage_record WHERE subscription_id = ? AND meter_id = ? "
                + "AND usage_start = ? AND ingest_seq <= ? AND (ingest_seq < ? OR (ingest_seq = ? AND record_id <= ?))";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, position.meterId());
            p.setObject(3, UtcTimestamps.toColumn(position.usageStart()));
            p.setLong(4, upTo);
            p.setLong(5, position.ingestSeq());
            p.setLong(6, position.ingestSeq());
            p.setString(7, position.recordId());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    /**
     * Two reads in one snapshot: the period's distinct (resource, location, tags) values, numbered in their sort
     * order, then the records in allocation order with that number instead of the three strings. Millions of records
     * share a few thousand such values, so each string is read, decoded and parsed once, every record carries the same
     * instances, and the store sorts narrow rows.
     */
    @Override
    public void recordsWithoutDetails(UUID subscriptionId, BillingPeriod period, long upTo,
            Consumer<UsageRecord> sink) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                dialect.snapshotForReads(c);
                List<String[]> resources = new ArrayList<>();
                List<Map<String, String>> tags = new ArrayList<>();
                Map<String, Map<String, String>> parsed = new HashMap<>();
                read(c, leanValues, 1, subscriptionId, period, upTo, rs -> {
                    if (rs.getLong(1) != resources.size() + 1) {
                        throw new SQLException("values of the period are not numbered 1, 2, ...");
                    }
                    resources.add(new String[] {rs.getString(2), rs.getString(3)});
                    tags.add(parsed.computeIfAbsent(rs.getString(4), JdbcPeriodUsage::map));
                });
                Instant[] last = {null, null};
                read(c, lean, 2, subscriptionId, period, upTo, rs -> {
                    int value = (int) rs.getLong(5) - 1;
                    Instant start = instant(rs.getLong(3), last, 0);
                    Instant end = instant(rs.getLong(4), last, 1);
                    String[] resource = resources.get(value);
                    sink.accept(new UsageRecord("", subscriptionId, rs.getObject(1, UUID.class), rs.getBigDecimal(2),
                            start, end, resource[0], resource[1], tags.get(value), Map.of(), end));
                });
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    /** The instant of {@code epochMicros}, the same instance as the last one at {@code slot} when equal. */
    private static Instant instant(long epochMicros, Instant[] last, int slot) {
        Instant previous = last[slot];
        if (previous != null && previous.getEpochSecond() * 1_000_000 + previous.getNano() / 1_000 == epochMicros) {
            return previous;
        }
        return last[slot] = micros(epochMicros);
    }

    @Override
    public void quantities(UUID subscriptionId, BillingPeriod period, long upTo, QuantitySink sink) {
        readPeriod(quantities, subscriptionId, period, upTo,
                rs -> sink.accept(rs.getObject(1, UUID.class), micros(rs.getLong(2)), rs.getBigDecimal(3)));
    }

    /** A row of a read. */
    @FunctionalInterface
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql}, whose parameters are the subscription, the period's bounds and the ledger position. */
    private void readPeriod(String sql, UUID subscriptionId, BillingPeriod period, long upTo, Row row) {
        try (Connection c = dataSource.getConnection()) {
            read(c, sql, 1, subscriptionId, period, upTo, row);
        } catch (SQLException e) {
            throw new StorageException("cannot read usage of " + subscriptionId + " in " + period.month(), e);
        }
    }

    /** As {@link #readPeriod} on {@code c}, for a statement that asks for those four parameters {@code times}. */
    private static void read(Connection c, String sql, int times, UUID subscriptionId, BillingPeriod period, long upTo,
            Row row) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < times; i++) {
                p.setObject(4 * i + 1, subscriptionId);
                p.setObject(4 * i + 2, UtcTimestamps.toColumn(period.start()));
                p.setObject(4 * i + 3, UtcTimestamps.toColumn(period.end()));
                p.setLong(4 * i + 4, upTo);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    /**
     * One {@code GROUP BY} over the window; the (meter, bucket) pairs to sum per usage start are a small inline table
     * joined on the bucket (equality, so no record is matched twice).
     */
    @Override
    public void bucketedQuantities(UUID subscriptionId, BillingPeriod period, long upTo, Instant from, Instant to,
            ChronoUnit unit, Map<UUID, Set<Instant>> byUsageStart, List<RecordKey> keys, KeyedQuantitySink sink) {
        if (unit != ChronoUnit.HOURS && unit != ChronoUnit.DAYS) {
            throw new IllegalArgumentException("buckets are hours or days, not " + unit);
        }
        String bucket = "date_trunc('" + (unit == ChronoUnit.HOURS ? "hour" : "day") + "', u.usage_start)";
        StringBuilder pairs = new StringBuilder();
        byUsageStart.forEach((meter, buckets) -> buckets.forEach(b -> pairs.append(pairs.isEmpty() ? "" : ", ")
                .append("(CAST('").append(meter).append("' AS UUID), CAST('")
                .append(BUCKET.format(UtcTimestamps.toColumn(b))).append("' AS TIMESTAMP))")));
        String time = pairs.isEmpty() ? bucket
                : "CASE WHEN x.meter_id IS NULL THEN " + bucket + " ELSE u.usage_start END";
        StringBuilder select = new StringBuilder("SELECT u.meter_id, " + dialect.epochMicros(time));
        StringBuilder groupBy = new StringBuilder("1, 2");
        for (int i = 0; i < keys.size(); i++) {
            String expression = expression(keys.get(i));
            if (expression == null) {
                PeriodUsage.super.bucketedQuantities(subscriptionId, period, upTo, from, to, unit, byUsageStart, keys,
                        sink);
                return;
            }
            select.append(", ").append(expression);
            groupBy.append(", ").append(i + 3);
        }
        String sql = select + ", sum(u.quantity) FROM usage_record u"
                + (pairs.isEmpty() ? "" : " LEFT JOIN (VALUES " + pairs + ") x(meter_id, bucket) ON x.meter_id = "
                        + "u.meter_id AND x.bucket = " + bucket)
                + " WHERE u.subscription_id = ? AND u.usage_start >= ? AND u.usage_start < ? AND u.ingest_seq <= ? "
                + "GROUP BY " + groupBy;
        Instant start = from.isAfter(period.start()) ? from : period.start();
        Instant end = to.isBefore(period.end()) ? to : period.end();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, UtcTimestamps.toColumn(start));
            p.setObject(3, UtcTimestamps.toColumn(end));
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
            return dialect.tagValue("u.tags_json", tag.key());
        }
        if (key instanceof RecordKey.ResourceGroup) {
            return dialect.resourceGroup("u.resource_uri");
        }
        return key instanceof RecordKey.Location ? "u.location" : "u.resource_uri";
    }

    private static UsageRecord record(ResultSet rs, UUID subscriptionId, Map<String, Map<String, String>> parsed)
            throws SQLException {
        return new UsageRecord(rs.getString(1), subscriptionId, rs.getObject(2, UUID.class), rs.getBigDecimal(3),
                micros(rs.getLong(4)), micros(rs.getLong(5)), rs.getString(6), rs.getString(7),
                parsed.computeIfAbsent(rs.getString(8), JdbcPeriodUsage::map),
                parsed.computeIfAbsent(rs.getString(9), JdbcPeriodUsage::map), micros(rs.getLong(10)));
    }

    private static Instant micros(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }

    private static Map<String, String> map(String json) {
        return Map.copyOf(JSON.readValue(json, MAP));
    }
}
